#ifndef UKD_COPENSSL_SHIM_H
#define UKD_COPENSSL_SHIM_H
#include <openssl/opensslv.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/rsa.h>
#include <openssl/core_names.h>

/* Macros Swift cannot import (platform-findings.md §3). */
static inline void co_OPENSSL_free(void *p) { OPENSSL_free(p); }
static inline long co_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }
static inline unsigned long co_XN_FLAG_RFC2253_UTF8(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }
static inline int co_sk_X509_EXTENSION_num(const STACK_OF(X509_EXTENSION) *s) { return sk_X509_EXTENSION_num(s); }

/* X509OpenSSL helpers. */
/* PEM blocks come back with OPENSSL_malloc'd name/header/data; free all three in one call. */
static inline void co_free_pem_parts(char *name, char *header, unsigned char *data) {
    OPENSSL_free(name); OPENSSL_free(header); OPENSSL_free(data);
}
#endif
