/*
 * ascii.c - the classes of ASCII bytes, for the scans that test every
 * byte of a text (the content rules, the plain-text link scan).
 *
 * Takes: a byte.  Gives: its LSC__CH_* bits (base/internal.h); a byte
 * past ASCII has none.  A table look-up instead of a chain of range tests
 * took 2% off the instructions of a whole score (issue 16).
 */
#include "base/internal.h"

#define A LSC__CH_ALPHA
#define D LSC__CH_DIGIT
#define H LSC__CH_HYPHEN
#define U LSC__CH_USCORE
#define P LSC__CH_DOT
#define T LSC__CH_AT
#define S LSC__CH_PATH

const unsigned char lsc__ascii_bits[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /*    !  "  #  $  %  &  '  (  )  *  +  ,  -  .  / */
    0, 0, 0, 0, 0, S, S, 0, 0, 0, 0, S, 0, H, P, S,
    /* 0-9                         :  ;  <  =  >  ? */
    D, D, D, D, D, D, D, D, D, D, S, 0, 0, S, 0, 0,
    /* @  A-O */
    T, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
    /* P-Z                         [  \  ]  ^  _ */
    A, A, A, A, A, A, A, A, A, A, A, 0, 0, 0, 0, U,
    /* `  a-o */
    0, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
    /* p-z                         {  |  }  ~ DEL */
    A, A, A, A, A, A, A, A, A, A, A, 0, 0, 0, 0, 0,
};
