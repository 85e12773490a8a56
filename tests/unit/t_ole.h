/*
 * t_ole.h - the fixed part of the compound files (OLE, MS-CFB) that
 * test_attach.c and test_vba.c build: a version-3 header with one FAT
 * sector (sector 0) and the directory at sector 1, and that FAT with
 * sector 0 marked as FAT and sector 1 as the directory's last.  Each test
 * then writes its own directory entries and streams.
 */
#ifndef T_OLE_H
#define T_OLE_H

#include <string.h>

static inline void t_ole_header(unsigned char hdr[512], unsigned char fat[512])
{
    memset(hdr, 0, 512);
    memcpy(hdr, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
    hdr[0x18] = 0x3E; hdr[0x1A] = 3; hdr[0x1C] = 0xFE; hdr[0x1D] = 0xFF;
    hdr[0x1E] = 9; hdr[0x20] = 6;
    hdr[0x2C] = 1;                           /* one FAT sector */
    hdr[0x30] = 1;                           /* directory at sector 1 */
    hdr[0x39] = 0x10;                        /* mini cutoff 4096 */
    memset(hdr + 0x3C, 0xFF, 4); hdr[0x3C] = 0xFE;
    memset(hdr + 0x44, 0xFF, 4); hdr[0x44] = 0xFE;
    memset(hdr + 0x4C, 0xFF, 512 - 0x4C);
    memset(hdr + 0x4C, 0, 4);                /* FAT at sector 0 */
    memset(fat, 0xFF, 512);
    fat[0] = 0xFD; fat[1] = fat[2] = fat[3] = 0xFF;      /* FATSECT */
    fat[4] = 0xFE; fat[5] = fat[6] = fat[7] = 0xFF;      /* dir: end */
}

#endif
