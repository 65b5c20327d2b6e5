#ifndef FEEDHUB_CCURL_SHIM_H
#define FEEDHUB_CCURL_SHIM_H
#include <curl/curl.h>
#endif
