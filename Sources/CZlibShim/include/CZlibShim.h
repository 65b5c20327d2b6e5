#ifndef FEEDHUB_CZLIBSHIM_H
#define FEEDHUB_CZLIBSHIM_H

#include <stddef.h>
#include <stdint.h>

/// The most bytes `fh_gzip` can produce for `length` input bytes.
size_t fh_gzip_bound(size_t length);

/// Compresses `input` as one gzip member (RFC 1952) at the best compression level into `output`.
/// Returns the compressed length, or 0 when `capacity` is too small or zlib fails.
size_t fh_gzip(const uint8_t *_Nonnull input, size_t length, uint8_t *_Nonnull output, size_t capacity);

#endif
