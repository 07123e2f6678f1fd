#ifndef CTDNA_CCAIRO_SHIM_H
#define CTDNA_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#endif
