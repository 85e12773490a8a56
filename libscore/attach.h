/*
 * attach.h - facts about an attachment (attach.c).
 */
#ifndef LSC_ATTACH_H
#define LSC_ATTACH_H

#include <stddef.h>

typedef struct lsc__attach {
    int checked;            /* went through the attachment stage */
} lsc__attach;

#endif
