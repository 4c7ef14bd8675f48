// Memory for a freestanding build: a bump heap that grows linear memory (guest values and the
// program are never freed: mini has no garbage collector), a scratch arena that inspection
// answers live in until the host has read them (cabi_post_* resets it), and small string helpers.
#include "mini.h"

extern u8 __heap_base;
static u8 *heap_top;
static u8 *heap_end;

// clang lowers struct copies and zeroing to these; a freestanding build has to supply them.
void *memcpy(void *d, const void *s, size_t n) { return mem_copy(d, s, n); }
void *memset(void *d, int c, size_t n) { return mem_set(d, c, n); }

void *mem_copy(void *d, const void *s, size_t n) {
  u8 *dp = d;
  const u8 *sp = s;
  while (n--) *dp++ = *sp++;
  return d;
}

void *mem_set(void *d, int c, size_t n) {
  u8 *dp = d;
  while (n--) *dp++ = (u8)c;
  return d;
}

void *heap_alloc(size_t n) {
  if (!heap_top) {
    heap_top = &__heap_base;
    heap_end = (u8 *)(__builtin_wasm_memory_size(0) * 65536);
  }
  n = (n + 7) & ~(size_t)7;
  if ((size_t)(heap_end - heap_top) < n) {
    size_t need = n - (size_t)(heap_end - heap_top);
    size_t pages = (need + 65535) / 65536;
    if (pages < 16) pages = 16;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap(); // out of memory
    // heap_end is the end of linear memory (nothing else grows it): the new pages follow it.
    heap_end += pages * 65536;
  }
  void *p = heap_top;
  heap_top += n;
  return mem_set(p, 0, n);
}

// ---- scratch: a chain of chunks, rewound (not freed) on reset --------------------------------------

typedef struct Chunk { struct Chunk *next; size_t size, used; u8 data[]; } Chunk;
static Chunk *first_chunk, *cur_chunk;
i32 parse_in_scratch;

void *scratch_alloc(size_t n) {
  n = (n + 7) & ~(size_t)7;
  while (cur_chunk && cur_chunk->size - cur_chunk->used < n) {
    if (!cur_chunk->next || cur_chunk->next->size < n) break;
    cur_chunk = cur_chunk->next;
    cur_chunk->used = 0;
  }
  if (!cur_chunk || cur_chunk->size - cur_chunk->used < n) {
    size_t size = n > 65536 ? n : 65536;
    Chunk *c = heap_alloc(sizeof(Chunk) + size);
    c->size = size;
    if (cur_chunk) {
      c->next = cur_chunk->next;
      cur_chunk->next = c;
    } else {
      first_chunk = c;
    }
    cur_chunk = c;
  }
  void *p = cur_chunk->data + cur_chunk->used;
  cur_chunk->used += n;
  return mem_set(p, 0, n);
}

void scratch_reset(void) {
  cur_chunk = first_chunk;
  if (cur_chunk) cur_chunk->used = 0;
}

// ---- strings -------------------------------------------------------------------------------------

u32 cstr_len(const char *s) {
  u32 n = 0;
  while (s[n]) n++;
  return n;
}

Str *str_new(const char *s, u32 len) {
  Str *r = heap_alloc(sizeof(Str) + len + 1);
  r->len = len;
  mem_copy(r->data, s, len);
  return r;
}

i32 str_eq(const Str *s, const char *t, u32 len) {
  if (s->len != len) return 0;
  for (u32 i = 0; i < len; i++) if (s->data[i] != t[i]) return 0;
  return 1;
}

// Names are interned so that the parser and inspection compare them by pointer.
static Str **interned;
static u32 ninterned, cap_interned;

Str *str_intern(const char *s, u32 len) {
  for (u32 i = 0; i < ninterned; i++) if (str_eq(interned[i], s, len)) return interned[i];
  if (ninterned == cap_interned) {
    u32 cap = cap_interned ? cap_interned * 2 : 64;
    Str **grown = heap_alloc(cap * sizeof(Str *));
    if (ninterned) mem_copy(grown, interned, ninterned * sizeof(Str *));
    interned = grown;
    cap_interned = cap;
  }
  return interned[ninterned++] = str_new(s, len);
}

// ---- text buffers ------------------------------------------------------------------------------

void buf_add(Buf *b, const char *s, u32 n) {
  if (b->len + n + 1 > b->cap) {
    u32 cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->len + n + 1) cap *= 2;
    char *grown = b->scratch ? scratch_alloc(cap) : heap_alloc(cap);
    if (b->len) mem_copy(grown, b->data, b->len);
    b->data = grown;
    b->cap = cap;
  }
  mem_copy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void buf_cstr(Buf *b, const char *s) { buf_add(b, s, cstr_len(s)); }

void buf_int(Buf *b, i32 x) {
  char tmp[12];
  i32 i = 12;
  u32 u = x < 0 ? 0u - (u32)x : (u32)x;
  do tmp[--i] = (char)('0' + u % 10); while ((u /= 10) && i > 1);
  if (x < 0) tmp[--i] = '-';
  buf_add(b, tmp + i, (u32)(12 - i));
}

// Numbers print as integers when they are whole, else with up to 15 significant digits
// (what %.15g gives, enough to round-trip the arithmetic a mini program shows).
void buf_num(Buf *b, double x) {
  if (x != x) return buf_cstr(b, "nan");
  if (x < 0 || (x == 0 && 1 / x < 0)) {
    if (x == 0) return buf_cstr(b, "0");
    buf_cstr(b, "-");
    x = -x;
  }
  if (x == 1.0 / 0.0) return buf_cstr(b, "inf");
  if (x < 1e15 && x == __builtin_trunc(x)) {
    char tmp[20];
    i32 i = 20;
    unsigned long long u = (unsigned long long)x;
    do tmp[--i] = (char)('0' + u % 10); while (u /= 10);
    return buf_add(b, tmp + i, (u32)(20 - i));
  }
  // Scale into [1e14, 1e15), round to an integer of 15 digits, then place the point.
  i32 exp10 = 14;
  double m = x;
  while (m >= 1e15) { m /= 10; exp10++; }
  while (m < 1e14) { m *= 10; exp10--; }
  unsigned long long digits = (unsigned long long)(m + 0.5);
  if (digits >= 1000000000000000ull) { digits /= 10; exp10++; }
  char d[16];
  for (i32 i = 14; i >= 0; i--) { d[i] = (char)('0' + digits % 10); digits /= 10; }
  i32 n = 15;
  while (n > 1 && d[n - 1] == '0') n--;
  if (exp10 < -5 || exp10 >= 15) {
    buf_add(b, d, 1);
    if (n > 1) { buf_cstr(b, "."); buf_add(b, d + 1, (u32)(n - 1)); }
    buf_cstr(b, "e");
    buf_int(b, exp10);
  } else if (exp10 < 0) {
    buf_cstr(b, "0.");
    for (i32 i = -1; i > exp10; i--) buf_cstr(b, "0");
    buf_add(b, d, (u32)n);
  } else {
    buf_add(b, d, (u32)(exp10 + 1));
    if (n > exp10 + 1) { buf_cstr(b, "."); buf_add(b, d + exp10 + 1, (u32)(n - exp10 - 1)); }
  }
}
