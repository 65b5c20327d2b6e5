#ifndef FEEDHUB_CLIBXML2_SHIM_H
#define FEEDHUB_CLIBXML2_SHIM_H

/* libxml2's headers pull in ICU, whose UErrorCode clashes with Foundation's.
   Read the version header first and switch ICU off before anything else. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer in C; Swift cannot call it directly. */
static inline void fh_xml_free(void *_Nullable ptr) {
    if (ptr != NULL) {
        xmlFree(ptr);
    }
}

/* A no-op generic error handler, so libxml2 never prints to stderr. */
static inline void fh_xml_silent_generic_error(void *_Nullable ctx, const char *_Nonnull msg, ...) {
    (void)ctx;
    (void)msg;
}

/* Installs the silent handler for this thread (libxml2 keeps it in thread-local state). */
static inline void fh_xml_silence_this_thread(void) {
    xmlSetGenericErrorFunc(NULL, fh_xml_silent_generic_error);
}

#endif
