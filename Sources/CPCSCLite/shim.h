#ifndef UKD_CPCSCLITE_SHIM_H
#define UKD_CPCSCLITE_SHIM_H
#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>
#include <PCSC/pcsclite.h>
#include <PCSC/reader.h>

/* Macros Swift cannot import (platform-findings.md §2). */
static inline const SCARD_IO_REQUEST *cp_SCARD_PCI_T0(void)  { return SCARD_PCI_T0; }
static inline const SCARD_IO_REQUEST *cp_SCARD_PCI_T1(void)  { return SCARD_PCI_T1; }
static inline const SCARD_IO_REQUEST *cp_SCARD_PCI_RAW(void) { return SCARD_PCI_RAW; }
static inline DWORD cp_SCARD_AUTOALLOCATE(void)       { return SCARD_AUTOALLOCATE; }
static inline DWORD cp_MAX_BUFFER_SIZE_EXTENDED(void) { return MAX_BUFFER_SIZE_EXTENDED; }
#endif
