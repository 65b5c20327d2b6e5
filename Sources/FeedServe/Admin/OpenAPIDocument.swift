/// The admin API's OpenAPI 3.1 document, served at `/admin/api/openapi.json` (to editors) and kept in
/// `docs/admin-api.openapi.json` (a test checks the two are the same).
enum OpenAPIDocument {
    static let json = #"""
                {
                 "components": {
                  "responses": {
                   "E400": {
                    "content": {
                     "application/json": {
                      "schema": {
                       "$ref": "#/components/schemas/Error"
                      }
                     }
                    },
                    "description": "Malformed JSON, a wrong type or an unknown status."
                   },
                   "E401": {
                    "content": {
                     "application/json": {
                      "schema": {
                       "$ref": "#/components/schemas/Error"
                      }
                     }
                    },
                    "description": "No token, or a token that is not valid."
                   },
                   "E403": {
                    "content": {
                     "application/json": {
                      "schema": {
                       "$ref": "#/components/schemas/Error"
                      }
                     }
                    },
                    "description": "Forbidden."
                   },
                   "E404": {
                    "content": {
                     "application/json": {
                      "schema": {
                       "$ref": "#/components/schemas/Error"
                      }
                     }
                    },
                    "description": "No such story or endpoint."
                   },
                   "E409": {
                    "content": {
                     "application/json": {
                      "schema": {
                       "$ref": "#/components/schemas/Error"
                      }
                     }
                    },
                    "description": "The action does not apply to the story as it is (already published, merge into itself, one outlet only to split, article already stored)."
                   },
                   "E413": {
                    "content": {
                     "application/json": {
                      "schema": {
                       "$ref": "#/components/schemas/Error"
                      }
                     }
                    },
                    "description": "The body is larger than 65536 bytes."
                   },
                   "E422": {
                    "content": {
                     "application/json": {
                      "schema": {
                       "$ref": "#/components/schemas/Error"
                      }
                     }
                    },
                    "description": "A value is not acceptable (empty title, too long, control characters), or the article's page cannot be read."
                   },
                   "E429": {
                    "content": {
                     "application/json": {
                      "schema": {
                       "$ref": "#/components/schemas/Error"
                      }
                     }
                    },
                    "description": "Too many failed sign-ins from this address; see Retry-After."
                   }
                  },
                  "schemas": {
                   "Error": {
                    "properties": {
                     "error": {
                      "type": "string"
                     }
                    },
                    "required": [
                     "error"
                    ],
                    "type": "object"
                   },
                   "History": {
                    "properties": {
                     "history": {
                      "items": {
                       "properties": {
                        "action": {
                         "enum": [
                          "approve",
                          "reject",
                          "pin",
                          "unpin",
                          "pending",
                          "edit",
                          "merge",
                          "split",
                          "add"
                         ],
                         "type": "string"
                        },
                        "after": {
                         "additionalProperties": {
                          "type": [
                           "string",
                           "null"
                          ]
                         },
                         "type": "object"
                        },
                        "at": {
                         "format": "date-time",
                         "type": "string"
                        },
                        "before": {
                         "additionalProperties": {
                          "type": [
                           "string",
                           "null"
                          ]
                         },
                         "type": "object"
                        },
                        "editor": {
                         "type": "string"
                        },
                        "reason": {
                         "type": [
                          "string",
                          "null"
                         ]
                        },
                        "story": {
                         "type": "integer"
                        }
                       },
                       "type": "object"
                      },
                      "type": "array"
                     }
                    },
                    "type": "object"
                   },
                   "Story": {
                    "properties": {
                     "also_at": {
                      "items": {
                       "properties": {
                        "link": {
                         "type": [
                          "string",
                          "null"
                         ]
                        },
                        "source": {
                         "type": "string"
                        }
                       },
                       "type": "object"
                      },
                      "type": "array"
                     },
                     "categories": {
                      "items": {
                       "type": "string"
                      },
                      "type": "array"
                     },
                     "edited": {
                      "type": "boolean"
                     },
                     "id": {
                      "description": "The Atom entry id.",
                      "type": "string"
                     },
                     "link": {
                      "type": [
                       "string",
                       "null"
                      ]
                     },
                     "number": {
                      "type": "integer"
                     },
                     "pinned": {
                      "type": "boolean"
                     },
                     "published": {
                      "format": "date-time",
                      "type": "string"
                     },
                     "rule": {
                      "type": "string"
                     },
                     "source": {
                      "type": "string"
                     },
                     "status": {
                      "enum": [
                       "published",
                       "pending",
                       "rejected",
                       "off-topic"
                      ],
                      "type": "string"
                     },
                     "summary": {
                      "type": [
                       "string",
                       "null"
                      ]
                     },
                     "title": {
                      "type": "string"
                     },
                     "updated": {
                      "format": "date-time",
                      "type": "string"
                     }
                    },
                    "type": "object"
                   },
                   "StoryDetail": {
                    "properties": {
                     "edit": {
                      "properties": {
                       "at": {
                        "format": "date-time",
                        "type": "string"
                       },
                       "summary": {
                        "type": [
                         "string",
                         "null"
                        ]
                       },
                       "title": {
                        "type": [
                         "string",
                         "null"
                        ]
                       },
                       "upstream_at_edit": {
                        "$ref": "#/components/schemas/Text"
                       },
                       "upstream_now": {
                        "$ref": "#/components/schemas/Text"
                       }
                      },
                      "type": [
                       "object",
                       "null"
                      ]
                     },
                     "items": {
                      "items": {
                       "properties": {
                        "link": {
                         "type": [
                          "string",
                          "null"
                         ]
                        },
                        "merged_from": {
                         "type": [
                          "integer",
                          "null"
                         ]
                        },
                        "primary": {
                         "type": "boolean"
                        },
                        "published": {
                         "format": "date-time",
                         "type": "string"
                        },
                        "source": {
                         "type": "string"
                        },
                        "title": {
                         "type": "string"
                        }
                       },
                       "type": "object"
                      },
                      "type": "array"
                     },
                     "merged_into": {
                      "type": [
                       "integer",
                       "null"
                      ]
                     },
                     "published_at": {
                      "format": "date-time",
                      "type": [
                       "string",
                       "null"
                      ]
                     },
                     "reason": {
                      "type": [
                       "string",
                       "null"
                      ]
                     },
                     "story": {
                      "$ref": "#/components/schemas/Story"
                     },
                     "withdrawn_at": {
                      "format": "date-time",
                      "type": [
                       "string",
                       "null"
                      ]
                     }
                    },
                    "type": "object"
                   },
                   "StoryList": {
                    "properties": {
                     "stories": {
                      "items": {
                       "$ref": "#/components/schemas/Story"
                      },
                      "type": "array"
                     }
                    },
                    "type": "object"
                   },
                   "Text": {
                    "properties": {
                     "summary": {
                      "type": [
                       "string",
                       "null"
                      ]
                     },
                     "title": {
                      "type": "string"
                     }
                    },
                    "type": "object"
                   }
                  },
                  "securitySchemes": {
                   "bearer": {
                    "scheme": "bearer",
                    "type": "http"
                   }
                  }
                 },
                 "info": {
                  "description": "Editors' decisions on stories. Authenticate with `Authorization: Bearer <token>` (issued by `feedhub editors add NAME`). Every error is `{\"error\": \"...\"}`. Failed sign-ins are rate limited per client address (429 with Retry-After). Request bodies are at most 65536 bytes (413).",
                  "title": "FeedHub admin API",
                  "version": "1.0.0"
                 },
                 "openapi": "3.1.0",
                 "paths": {
                  "/stories": {
                   "get": {
                    "parameters": [
                     {
                      "in": "query",
                      "name": "status",
                      "schema": {
                       "enum": [
                        "published",
                        "pending",
                        "rejected",
                        "off-topic"
                       ],
                       "type": "string"
                      }
                     },
                     {
                      "description": "The primary outlet's name.",
                      "in": "query",
                      "name": "source",
                      "schema": {
                       "type": "string"
                      }
                     },
                     {
                      "description": "Text in the title or summary, any case, any script.",
                      "in": "query",
                      "name": "q",
                      "schema": {
                       "type": "string"
                      }
                     }
                    ],
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryList"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "400": {
                      "$ref": "#/components/responses/E400"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "List stories, newest first (merged stories are left out)."
                   },
                   "post": {
                    "requestBody": {
                     "content": {
                      "application/json": {
                       "schema": {
                        "properties": {
                         "url": {
                          "format": "uri",
                          "type": "string"
                         }
                        },
                        "required": [
                         "url"
                        ],
                        "type": "object"
                       }
                      }
                     },
                     "required": false
                    },
                    "responses": {
                     "201": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "400": {
                      "$ref": "#/components/responses/E400"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "413": {
                      "$ref": "#/components/responses/E413"
                     },
                     "422": {
                      "$ref": "#/components/responses/E422"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "Add an article by hand: its page's og:/JSON-LD/<title> metadata is read; the story starts pending."
                   }
                  },
                  "/stories/{id}": {
                   "get": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "One story: every outlet's copy, the editor's edit beside the outlet's text now."
                   },
                   "patch": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "requestBody": {
                     "content": {
                      "application/json": {
                       "schema": {
                        "properties": {
                         "summary": {
                          "maxLength": 4000,
                          "type": "string"
                         },
                         "title": {
                          "maxLength": 400,
                          "type": "string"
                         }
                        },
                        "type": "object"
                       }
                      }
                     },
                     "required": false
                    },
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "400": {
                      "$ref": "#/components/responses/E400"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "413": {
                      "$ref": "#/components/responses/E413"
                     },
                     "422": {
                      "$ref": "#/components/responses/E422"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "Edit the published title and/or summary (plain text). Later upstream edits do not overwrite them."
                   }
                  },
                  "/stories/{id}/approve": {
                   "post": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "Publish the story."
                   }
                  },
                  "/stories/{id}/history": {
                   "get": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/History"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "The story's audit log, oldest first."
                   }
                  },
                  "/stories/{id}/merge": {
                   "post": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "requestBody": {
                     "content": {
                      "application/json": {
                       "schema": {
                        "properties": {
                         "into": {
                          "type": "integer"
                         }
                        },
                        "required": [
                         "into"
                        ],
                        "type": "object"
                       }
                      }
                     },
                     "required": false
                    },
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "400": {
                      "$ref": "#/components/responses/E400"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "413": {
                      "$ref": "#/components/responses/E413"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "This story is the same as story `into`: its copies move there; it leaves the feeds (with a tombstone when it was published)."
                   }
                  },
                  "/stories/{id}/pending": {
                   "post": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "Back to the queue (undo approve/reject)."
                   }
                  },
                  "/stories/{id}/pin": {
                   "post": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "Show it first."
                   }
                  },
                  "/stories/{id}/reject": {
                   "post": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "requestBody": {
                     "content": {
                      "application/json": {
                       "schema": {
                        "properties": {
                         "reason": {
                          "maxLength": 1000,
                          "type": "string"
                         }
                        },
                        "type": "object"
                       }
                      }
                     },
                     "required": false
                    },
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "400": {
                      "$ref": "#/components/responses/E400"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "413": {
                      "$ref": "#/components/responses/E413"
                     },
                     "422": {
                      "$ref": "#/components/responses/E422"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "Reject it for good; it never comes back on re-fetch or syndication. A published story leaves the Atom feed with an RFC 6721 at:deleted-entry."
                   }
                  },
                  "/stories/{id}/split": {
                   "post": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "Undo a wrong merge: merged stories return, other outlets' copies become stories of their own."
                   }
                  },
                  "/stories/{id}/unpin": {
                   "post": {
                    "parameters": [
                     {
                      "description": "The story's number.",
                      "in": "path",
                      "name": "id",
                      "required": true,
                      "schema": {
                       "minimum": 1,
                       "type": "integer"
                      }
                     }
                    ],
                    "responses": {
                     "200": {
                      "content": {
                       "application/json": {
                        "schema": {
                         "$ref": "#/components/schemas/StoryDetail"
                        }
                       }
                      },
                      "description": "OK"
                     },
                     "401": {
                      "$ref": "#/components/responses/E401"
                     },
                     "404": {
                      "$ref": "#/components/responses/E404"
                     },
                     "409": {
                      "$ref": "#/components/responses/E409"
                     },
                     "429": {
                      "$ref": "#/components/responses/E429"
                     }
                    },
                    "security": [
                     {
                      "bearer": []
                     }
                    ],
                    "summary": "Undo pin."
                   }
                  }
                 },
                 "servers": [
                  {
                   "url": "/admin/api"
                  }
                 ]
                }
        """# + "\n"
}
