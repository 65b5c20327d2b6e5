#include "CCurlShim.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

CURLcode fh_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) { return curl_easy_setopt(handle, option, value); }
CURLcode fh_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) { return curl_easy_setopt(handle, option, value); }
CURLcode fh_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) { return curl_easy_setopt(handle, option, value); }
CURLcode fh_curl_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) { return curl_easy_setopt(handle, option, value); }
CURLcode fh_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) { return curl_easy_setopt(handle, option, value); }

CURLcode fh_curl_easy_set_write_callback(CURL *handle, fh_curl_data_callback callback, void *context) {
    CURLcode rc = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    return rc != CURLE_OK ? rc : curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

CURLcode fh_curl_easy_set_header_callback(CURL *handle, fh_curl_data_callback callback, void *context) {
    CURLcode rc = curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
    return rc != CURLE_OK ? rc : curl_easy_setopt(handle, CURLOPT_HEADERDATA, context);
}

CURLcode fh_curl_easy_set_progress_callback(CURL *handle, fh_curl_progress_callback callback, void *context) {
    CURLcode rc = curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (rc != CURLE_OK) return rc;
    rc = curl_easy_setopt(handle, CURLOPT_XFERINFODATA, context);
    return rc != CURLE_OK ? rc : curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

CURLcode fh_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) { return curl_easy_getinfo(handle, info, value); }
CURLcode fh_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) { return curl_easy_getinfo(handle, info, value); }
CURLcode fh_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) { return curl_easy_getinfo(handle, info, value); }
CURLcode fh_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) { return curl_easy_getinfo(handle, info, value); }

CURLMcode fh_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) { return curl_multi_setopt(multi, option, value); }

CURLcode fh_curl_msg_result(const CURLMsg *message) { return message->data.result; }

static int ipv4_is_public(const unsigned char *a) {
    if (a[0] == 0 || a[0] == 10 || a[0] == 127) return 0;                 /* this network, private, loopback */
    if (a[0] == 100 && (a[1] & 0xC0) == 64) return 0;                      /* 100.64/10 carrier-grade NAT */
    if (a[0] == 169 && a[1] == 254) return 0;                              /* link-local */
    if (a[0] == 172 && (a[1] & 0xF0) == 16) return 0;                      /* 172.16/12 */
    if (a[0] == 192 && a[1] == 168) return 0;                              /* 192.168/16 */
    if (a[0] == 192 && a[1] == 0 && a[2] == 0) return 0;                   /* IETF protocol assignments */
    if (a[0] == 198 && (a[1] & 0xFE) == 18) return 0;                      /* benchmarking 198.18/15 */
    if (a[0] >= 224) return 0;                                             /* multicast, reserved, broadcast */
    return 1;
}

static int ipv6_is_public(const unsigned char *a) {
    static const unsigned char zeros[16] = {0};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (memcmp(a, zeros, 15) == 0 && (a[15] == 0 || a[15] == 1)) return 0; /* :: and ::1 */
    if (memcmp(a, mapped, 12) == 0) return ipv4_is_public(a + 12);        /* ::ffff:a.b.c.d */
    if (memcmp(a, zeros, 12) == 0) return ipv4_is_public(a + 12);         /* ::a.b.c.d (deprecated) */
    if (a[0] == 0x64 && a[1] == 0xFF && a[2] == 0x9B && memcmp(a + 3, zeros, 9) == 0)
        return ipv4_is_public(a + 12);                                     /* 64:ff9b::/96 NAT64 */
    if ((a[0] & 0xFE) == 0xFC) return 0;                                   /* fc00::/7 unique-local */
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return 0;                   /* fe80::/10 link-local */
    if (a[0] == 0xFE && (a[1] & 0xC0) == 0xC0) return 0;                   /* fec0::/10 site-local */
    if (a[0] == 0xFF) return 0;                                            /* multicast */
    return 1;
}

int fh_address_is_public(const char *address) {
    unsigned char buf[16];
    if (inet_pton(AF_INET, address, buf) == 1) return ipv4_is_public(buf);
    if (inet_pton(AF_INET6, address, buf) == 1) return ipv6_is_public(buf);
    return -1;
}

static curl_socket_t guarded_open_socket(void *context, curlsocktype purpose, struct curl_sockaddr *address) {
    fh_address_guard *guard = context;
    (void)purpose;
    if (!guard->allow_private) {
        int public_address = 1;
        const char *shown = NULL;
        char text[64] = {0};
        if (address->family == AF_INET) {
            const struct sockaddr_in *in = (const struct sockaddr_in *)&address->addr;
            public_address = ipv4_is_public((const unsigned char *)&in->sin_addr);
            shown = inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        } else if (address->family == AF_INET6) {
            const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&address->addr;
            public_address = ipv6_is_public((const unsigned char *)&in6->sin6_addr);
            shown = inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        } else {
            public_address = 0;
        }
        if (!public_address) {
            guard->refused = 1;
            strncpy(guard->refused_address, shown ? shown : "(non-IP address)", sizeof guard->refused_address - 1);
            return CURL_SOCKET_BAD;
        }
    }
    return socket(address->family, address->socktype, address->protocol);
}

CURLcode fh_curl_easy_install_address_guard(CURL *handle, fh_address_guard *guard) {
    CURLcode rc = curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, guarded_open_socket);
    return rc != CURLE_OK ? rc : curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, guard);
}
