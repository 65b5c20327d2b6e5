#ifndef FEEDHUB_CCURLSHIM_H
#define FEEDHUB_CCURLSHIM_H

#include <curl/curl.h>
#include <stddef.h>

/// Typed wrappers for libcurl's variadic calls (Swift cannot call C varargs functions).
CURLcode fh_curl_easy_setopt_long(CURL *_Nonnull handle, CURLoption option, long value);
CURLcode fh_curl_easy_setopt_string(CURL *_Nonnull handle, CURLoption option, const char *_Nullable value);
CURLcode fh_curl_easy_setopt_pointer(CURL *_Nonnull handle, CURLoption option, void *_Nullable value);
CURLcode fh_curl_easy_setopt_offset(CURL *_Nonnull handle, CURLoption option, curl_off_t value);
CURLcode fh_curl_easy_setopt_slist(CURL *_Nonnull handle, CURLoption option, struct curl_slist *_Nullable value);

typedef size_t (*fh_curl_data_callback)(char *_Nonnull data, size_t size, size_t count, void *_Nullable context);
CURLcode fh_curl_easy_set_write_callback(CURL *_Nonnull handle, fh_curl_data_callback _Nonnull callback, void *_Nullable context);
CURLcode fh_curl_easy_set_header_callback(CURL *_Nonnull handle, fh_curl_data_callback _Nonnull callback, void *_Nullable context);

typedef int (*fh_curl_progress_callback)(void *_Nullable context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
CURLcode fh_curl_easy_set_progress_callback(CURL *_Nonnull handle, fh_curl_progress_callback _Nonnull callback, void *_Nullable context);

CURLcode fh_curl_easy_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value);
CURLcode fh_curl_easy_getinfo_string(CURL *_Nonnull handle, CURLINFO info, const char *_Nullable *_Nonnull value);
CURLcode fh_curl_easy_getinfo_double(CURL *_Nonnull handle, CURLINFO info, double *_Nonnull value);
CURLcode fh_curl_easy_getinfo_pointer(CURL *_Nonnull handle, CURLINFO info, void *_Nullable *_Nonnull value);

CURLMcode fh_curl_multi_setopt_long(CURLM *_Nonnull multi, CURLMoption option, long value);

/// The result code of a finished transfer from a CURLMsg (a union in C).
CURLcode fh_curl_msg_result(const CURLMsg *_Nonnull message);

/// The address guard: installed as the open-socket callback, it refuses to open a socket to a loopback,
/// private, link-local, unique-local, multicast or otherwise non-public address unless `allow_private`
/// is set, and records the refused address. It sees the address actually about to be connected, after
/// DNS and on every redirect hop, so a hostname that resolves to 127.0.0.1 is refused too.
typedef struct fh_address_guard {
    int allow_private;
    int refused;
    char refused_address[64];
} fh_address_guard;

CURLcode fh_curl_easy_install_address_guard(CURL *_Nonnull handle, fh_address_guard *_Nonnull guard);

/// Whether a numeric IPv4/IPv6 address is public (1), non-public (0), or unparseable (-1).
int fh_address_is_public(const char *_Nonnull address);

#endif
