/*
 * fingerprint.c - the fingerprint of a message: a value type (built from
 * words, compared with another one), known to the history (history.c) and
 * built by the similarity stage (similar.c); it knows neither.  Its binary
 * form is in fingerprint_codec.c.
 *
 * Takes: the visible words of the subject and the body text parts (text.c,
 * lsc__word.norm), the recipient domains (To/Cc/Bcc), the time, and
 * optionally an lsc_history.  Gives: an lsc_fingerprint in the result and,
 * with a history, the facts rules_history.c judges (how many earlier
 * messages are near copies, how deeply this one was personalized against
 * the nearest, how many messages went to each recipient domain lately).
 *
 * Fingerprint: the set of 3-word shingles (language-independent: the words
 * come from ICU word breaking, so CJK text shingles over its words too).
 * It is kept twice: as a MinHash signature of 128 hashes of 16 bits
 * (b-bit minwise hashing), which the history cuts into LSH bands to find
 * candidates, and as a bottom-512 sketch (the 512 smallest 32-bit shingle
 * hashes), from which the similarity itself is computed: exactly for
 * messages of up to 512 shingles, else as the bottom-k estimate.
 *
 * Why (tests/corpus/similar_accuracy.c --sweep over the 2,272 SpamAssassin
 * spam and Phishing Pot messages, 1,396 pairs with exact Jaccard >= 0.8):
 * - 3 words: 1- and 2-word shingles make unrelated mail look alike (3,378
 *   and 1,594 pairs between 0.3 and 0.8 against 1,395 for 3 words); with 4
 *   or 5 words a personalized copy (greeting, name and one word changed)
 *   stays >= 0.8 in only 93% and 88% of messages, against 97% for 3.
 * - MinHash alone is not precise enough at the 0.8 line: with 128 hashes
 *   recall was 0.88-0.91 over four draws of hash functions, 256 gave
 *   0.90-0.97, only 512 held >= 0.95 (0.954-0.983) - clusters of spam
 *   copies sit right at 0.8 and their errors are correlated.  The sketch
 *   is exact for 93% of the corpus pairs and gives recall 1.000,
 *   precision 0.999 through the index; MinHash stays at 128 because it
 *   only has to find candidates (a pair at J = 0.8 shares one of the 32
 *   bands of 4 with probability 1 - (1 - 0.8^4)^32 > 0.99999).
 * Chunks: words are cut into runs where a word's hash is even (mean 2
 * words, at most 8), each run kept as a 16-bit hash, so a changed name
 * changes one or two runs and the rest still match.
 *
 * Limits: LSC__SIM_MAX_WORDS words, LSC__FP_MAX_CHUNKS chunks,
 * LSC_FINGERPRINT_MAX_DOMAINS domains of at most LSC__FP_MAX_DOMAIN_LEN
 * bytes (longer ones are left out).  The decoder accepts exactly one
 * well-formed encoding and is bounded by LSC_FINGERPRINT_MAX_BYTES.
 */
#include <stdlib.h>
#include <string.h>

#include "history/fingerprint.h"

/* Runs of words: cut after a word whose hash is even, or at this length. */
#define CHUNK_MAX_WORDS 8

/* ---- hashing ---- */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

uint64_t lsc__hash64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ mix64(seed + n);
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

static uint64_t word_hash(const lsc__sim_word *w)
{
    return lsc__hash64(w->norm, w->norm_len, 0x5157);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Longest shingle whose word hashes run_shingles keeps in a ring, so each
 * word is hashed once rather than k times (longer ones hash per window). */
#define SHINGLE_RING 16

/* Shingles of one run of words (subject or body). */
static size_t run_shingles(const lsc__sim_word *w, size_t n, size_t k,
                           uint64_t *out)
{
    uint64_t ring[SHINGLE_RING];
    size_t i, j, m = 0;
    if (n == 0)
        return 0;
    if (n < k)
        k = n;
    for (i = 0; i + k <= n; i++) {
        uint64_t h = 0x9e3779b97f4a7c15ULL * (k + 1);
        if (k > SHINGLE_RING) {
            for (j = 0; j < k; j++)
                h = mix64(h ^ word_hash(&w[i + j])) + j;
        } else {
            if (i == 0)
                for (j = 0; j + 1 < k; j++)
                    ring[j % SHINGLE_RING] = word_hash(&w[j]);
            ring[(i + k - 1) % SHINGLE_RING] = word_hash(&w[i + k - 1]);
            for (j = 0; j < k; j++)
                h = mix64(h ^ ring[(i + j) % SHINGLE_RING]) + j;
        }
        out[m++] = h;
    }
    return m;
}

/* Sorts v[0..n) ascending: LSD radix sort by bytes through tmp (n
 * entries), skipping the bytes all values share; the sorted array is the
 * same whatever the method, so this only replaces qsort's cost. */
static void sort_u64(uint64_t *v, size_t n, uint64_t *tmp)
{
    size_t count[256], i, b;
    uint64_t *src = v, *dst = tmp, *t;
    if (n < 2)
        return;
    for (b = 0; b < 64; b += 8) {
        size_t sum = 0;
        memset(count, 0, sizeof count);
        for (i = 0; i < n; i++)
            count[(src[i] >> b) & 0xff]++;
        if (count[(src[0] >> b) & 0xff] == n)
            continue;
        for (i = 0; i < 256; i++) {
            size_t c = count[i];
            count[i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            dst[count[(src[i] >> b) & 0xff]++] = src[i];
        t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
}

static size_t shingles_run(const lsc__sim_word *w, size_t n,
                           size_t n_body_from, size_t k, uint64_t *out,
                           uint64_t *tmp)
{
    size_t m, i, u;
    if (n == 0) /* w may be NULL: no pointer arithmetic on it (UBSan) */
        return 0;
    if (k == 0)
        k = 1;
    if (n_body_from > n)
        n_body_from = n;
    m = run_shingles(w, n_body_from, k, out);
    m += run_shingles(w + n_body_from, n - n_body_from, k, out + m);
    if (m == 0)
        return 0;
    if (tmp)
        sort_u64(out, m, tmp);
    else
        qsort(out, m, sizeof *out, cmp_u64);
    for (i = 1, u = 1; i < m; i++)
        if (out[i] != out[u - 1])
            out[u++] = out[i];
    return u;
}

size_t lsc__shingles(const lsc__sim_word *w, size_t n, size_t n_body_from,
                     size_t k, uint64_t *out)
{
    return shingles_run(w, n, n_body_from, k, out, NULL);
}

void lsc__minhash(const uint64_t *sh, size_t n, size_t k, uint16_t *out)
{
    lsc__minhash_seeded(sh, n, k, 0, out);
}

/* Hash functions MinHash takes together: the inner loop has a fixed trip
 * count, so the compiler keeps the 8 minima in one vector.  With GCC or
 * Clang on x86-64 the loop is also built for x86-64-v4 (AVX-512: eight
 * 64-bit multiplies and minima per instruction) and used when the CPU has
 * it; the arithmetic is the same integer arithmetic, so both give the same
 * signature.  MinHash was a fifth of a scoring with fingerprint; this
 * build is about ten times faster at it. */
#define MH_BLOCK 8
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__) && \
    (__clang_major__ >= 12 || (!defined(__clang__) && __GNUC__ >= 11))
#define MH_V4 1
#endif

static inline __attribute__((always_inline)) void
mh_mins(const uint64_t *sh, size_t n, size_t k, uint64_t *a, uint64_t *b,
        uint64_t *mins)
{
    size_t i, j, t;
    for (j = 0; j + MH_BLOCK <= k; j += MH_BLOCK) {
        uint64_t m[MH_BLOCK], ab[MH_BLOCK], bb[MH_BLOCK];
        for (t = 0; t < MH_BLOCK; t++) {
            m[t] = UINT64_MAX;
            ab[t] = a[j + t];
            bb[t] = b[j + t];
        }
        for (i = 0; i < n; i++) {
            uint64_t x = sh[i];
            for (t = 0; t < MH_BLOCK; t++) {
                uint64_t v = ab[t] * x + bb[t];
                m[t] = v < m[t] ? v : m[t];
            }
        }
        for (t = 0; t < MH_BLOCK; t++)
            mins[j + t] = m[t];
    }
    for (; j < k; j++)
        for (i = 0; i < n; i++) {
            uint64_t v = a[j] * sh[i] + b[j];
            if (v < mins[j])
                mins[j] = v;
        }
}

/* a and b are not const: GCC 12 then takes a[k..512) as read. */
static void mh_mins_default(const uint64_t *sh, size_t n, size_t k,
                            uint64_t *a, uint64_t *b, uint64_t *mins)
{
    mh_mins(sh, n, k, a, b, mins);
}

#ifdef MH_V4
__attribute__((target("arch=x86-64-v4"))) static void
mh_mins_v4(const uint64_t *sh, size_t n, size_t k, uint64_t *a, uint64_t *b,
           uint64_t *mins)
{
    mh_mins(sh, n, k, a, b, mins);
}
#endif

void lsc__minhash_seeded(const uint64_t *sh, size_t n, size_t k,
                         uint64_t seed, uint16_t *out)
{
    uint64_t a[512], b[512], mins[512];
    size_t j;
    if (k > 512)
        k = 512;
    for (j = 0; j < k; j++) {
        a[j] = mix64(0x1234567ULL + 2 * j + seed * 0x10001ULL) | 1u;
        b[j] = mix64(0x7654321ULL + 2 * j + 1 + seed * 0x10001ULL);
        mins[j] = UINT64_MAX;
    }
#ifdef MH_V4
    /* the CPU's features, read once by the compiler's runtime */
    if (__builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512cd"))
        mh_mins_v4(sh, n, k, a, b, mins);
    else
#endif
        mh_mins_default(sh, n, k, a, b, mins);
    for (j = 0; j < k; j++)
        out[j] = n ? (uint16_t)(mix64(mins[j]) >> 48) : 0;
}

double lsc__mh_similarity(const uint16_t *a, const uint16_t *b, size_t k)
{
    size_t j, eq = 0;
    double f;
    for (j = 0; j < k; j++)
        eq += a[j] == b[j];
    if (k == 0)
        return 0.0;
    /* Remove the chance equalities of 16-bit values. */
    f = ((double)eq / (double)k - 1.0 / 65536.0) / (1.0 - 1.0 / 65536.0);
    return f < 0.0 ? 0.0 : f;
}

/* ---- building ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int lsc__fp_domain_ok(const char *d, size_t n)
{
    size_t i;
    if (n == 0 || n > LSC__FP_MAX_DOMAIN_LEN)
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)d[i];
        if (ch <= 0x20 || ch == 0x7f || (ch >= 'A' && ch <= 'Z'))
            return 0;
    }
    return 1;
}

static size_t make_chunks(const lsc__sim_word *w, size_t n,
                          size_t n_body_from, uint16_t *chunks,
                          uint32_t *first)
{
    size_t i, nc = 0, len = 0;
    uint64_t h = 0;
    for (i = 0; i < n && nc < LSC__FP_MAX_CHUNKS; i++) {
        uint64_t wh = word_hash(&w[i]);
        if (len == 0) {
            h = 0x243f6a8885a308d3ULL;
            if (first)
                first[nc] = (uint32_t)i;
        }
        h = mix64(h ^ wh);
        len++;
        if ((wh & 1u) == 0 || len == CHUNK_MAX_WORDS || i + 1 == n ||
            i + 1 == n_body_from) {
            chunks[nc++] = (uint16_t)(h >> 48);
            len = 0;
        }
    }
    /* Where the last chunk ends, so every chunk has [first, next). */
    if (first)
        first[nc] = (uint32_t)(i - len);
    return nc;
}

int lsc__fingerprint_build(lsc_fingerprint **out, lsc__arena *ar,
                           const lsc__sim_word *w, size_t n,
                           size_t n_body_from, char *const *domains,
                           size_t n_domains, int64_t time,
                           uint32_t *chunk_first)
{
    lsc_fingerprint *fp;
    uint64_t *sh = NULL, *tmp = NULL, bh;
    uint16_t chunks[LSC__FP_MAX_CHUNKS];
    size_t i, ns, nc;

    *out = NULL;
    if (n > LSC__SIM_MAX_WORDS)
        n = LSC__SIM_MAX_WORDS;
    if (n_body_from > n)
        n_body_from = n;
    fp = lsc__arena_zalloc(ar, sizeof *fp);
    if (!fp)
        return LSC_ENOMEM;
    fp->time = time;
    fp->n_words = (uint32_t)n;
    if (n) {
        sh = lsc__arena_alloc(ar, n * sizeof *sh);
        tmp = lsc__arena_alloc(ar, n * sizeof *tmp);
        if (!sh || !tmp)
            return LSC_ENOMEM;
    }
    ns = shingles_run(w, n, n_body_from, LSC__SHINGLE_WORDS, sh, tmp);
    fp->n_shingles = (uint32_t)ns;
    lsc__minhash(sh, ns, LSC__MH_K, fp->mh);

    bh = 0x6c62272e07bb0142ULL;
    for (i = n_body_from; i < n; i++)
        bh = mix64(bh ^ word_hash(&w[i])) + 1;
    fp->body_hash = n > n_body_from ? bh : 0;

    /* Bottom-k: the shingles are sorted by their 64-bit hash, so their
     * top 32 bits come in ascending order too (equal ones dropped). */
    if (ns) {
        size_t cap = LSC__MIN(ns, (size_t)LSC__SKETCH_K);
        fp->sketch = lsc__arena_alloc(ar, cap * sizeof *fp->sketch);
        if (!fp->sketch)
            return LSC_ENOMEM;
        for (i = 0; i < ns && fp->n_sketch < cap; i++) {
            uint32_t v = (uint32_t)(sh[i] >> 32);
            if (fp->n_sketch && fp->sketch[fp->n_sketch - 1] == v)
                continue;
            fp->sketch[fp->n_sketch++] = v;
        }
    }

    nc = make_chunks(w, n, n_body_from, chunks, chunk_first);
    fp->n_chunks = (uint16_t)nc;
    if (nc) {
        fp->chunks = lsc__arena_alloc(ar, nc * sizeof *fp->chunks);
        if (!fp->chunks)
            return LSC_ENOMEM;
        memcpy(fp->chunks, chunks, nc * sizeof *fp->chunks);
    }

    if (n_domains) {
        fp->domains = lsc__arena_alloc(ar, LSC__MIN(n_domains,
            (size_t)LSC_FINGERPRINT_MAX_DOMAINS) * sizeof(char *));
        if (!fp->domains)
            return LSC_ENOMEM;
    }
    for (i = 0; i < n_domains; i++) {
        size_t dl = domains[i] ? strlen(domains[i]) : 0, j;
        char *d;
        if (fp->n_domains == LSC_FINGERPRINT_MAX_DOMAINS)
            break;
        if (dl > LSC__FP_MAX_DOMAIN_LEN || dl == 0)
            continue;
        d = lsc__arena_strndup(ar, domains[i], dl);
        if (!d)
            return LSC_ENOMEM;
        lsc__lower(d, dl);
        if (!lsc__fp_domain_ok(d, dl))
            continue;
        for (j = 0; j < fp->n_domains; j++)
            if (strcmp(fp->domains[j], d) == 0)
                break;
        if (j == fp->n_domains)
            fp->domains[fp->n_domains++] = d;
    }
    if (fp->n_domains > 1)
        qsort(fp->domains, fp->n_domains, sizeof(char *), cmp_str);
    *out = fp;
    return 0;
}

/* ---- facts and similarity ---- */

int64_t lsc_fingerprint_time(const lsc_fingerprint *fp)
{
    return fp ? fp->time : 0;
}

size_t lsc_fingerprint_domain_count(const lsc_fingerprint *fp)
{
    return fp ? fp->n_domains : 0;
}

const char *lsc_fingerprint_domain(const lsc_fingerprint *fp, size_t index)
{
    if (!fp || index >= fp->n_domains)
        return NULL;
    return fp->domains[index];
}

double lsc__sketch_similarity(const lsc_fingerprint *a,
                              const lsc_fingerprint *b)
{
    size_t i = 0, j = 0, inter = 0, taken = 0, k;
    if (!a->n_sketch || !b->n_sketch)
        return 0.0;
    if (a->n_shingles <= LSC__SKETCH_K && b->n_shingles <= LSC__SKETCH_K) {
        /* Both whole sets: exact Jaccard. */
        while (i < a->n_sketch && j < b->n_sketch) {
            if (a->sketch[i] == b->sketch[j]) {
                inter++;
                i++;
                j++;
            } else if (a->sketch[i] < b->sketch[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double)inter / (double)(a->n_sketch + b->n_sketch - inter);
    }
    /* Bottom-k: of the k smallest hashes of the union (all within the two
     * sketches), the share found in both sets. */
    k = LSC__MIN(a->n_sketch, b->n_sketch);
    while (taken < k && (i < a->n_sketch || j < b->n_sketch)) {
        if (j >= b->n_sketch ||
            (i < a->n_sketch && a->sketch[i] < b->sketch[j])) {
            i++;
        } else if (i >= a->n_sketch || b->sketch[j] < a->sketch[i]) {
            j++;
        } else {
            inter++;
            i++;
            j++;
        }
        taken++;
    }
    return taken ? (double)inter / (double)taken : 0.0;
}

double lsc_fingerprint_similarity(const lsc_fingerprint *a,
                                  const lsc_fingerprint *b)
{
    if (!a || !b || !a->n_shingles || !b->n_shingles)
        return 0.0;
    return lsc__sketch_similarity(a, b);
}
