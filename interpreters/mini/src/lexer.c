// Tokens of mini: numbers, "strings", names and keywords, operators. `//` starts a comment.
#include "syntax.h"

static const struct { const char *word; i32 kind; } KEYWORDS[] = {
  {"fn", TK_FN}, {"let", TK_LET}, {"if", TK_IF}, {"else", TK_ELSE}, {"while", TK_WHILE},
  {"for", TK_FOR}, {"to", TK_TO}, {"return", TK_RETURN}, {"true", TK_TRUE}, {"false", TK_FALSE},
  {"nil", TK_NIL}, {"and", TK_AND}, {"or", TK_OR}, {"not", TK_NOT}, {"try", TK_TRY}, {"catch", TK_CATCH},
  {"throw", TK_THROW},
};

static i32 is_digit(char c) { return c >= '0' && c <= '9'; }
static i32 is_name(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c); }

void lex_init(Lexer *lx, const char *src, u32 len) {
  lx->src = src;
  lx->len = len;
  lx->pos = 0;
  lx->line = 1;
  lex_next(lx);
}

static void fail(Lexer *lx, const char *msg) {
  lx->tok.kind = TK_ERROR;
  lx->tok.message = msg;
}

// Lines end at LF, CR LF or CR (SPEC §3.2).
static void newline(Lexer *lx) {
  if (lx->src[lx->pos] == '\r' && lx->pos + 1 < lx->len && lx->src[lx->pos + 1] == '\n') lx->pos++;
  lx->pos++;
  lx->line++;
}

void lex_next(Lexer *lx) {
  const char *s = lx->src;
  for (;;) {
    if (lx->pos >= lx->len) break;
    char c = s[lx->pos];
    if (c == '\n' || c == '\r') newline(lx);
    else if (c == ' ' || c == '\t') lx->pos++;
    else if (c == '/' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '/') {
      while (lx->pos < lx->len && s[lx->pos] != '\n' && s[lx->pos] != '\r') lx->pos++;
    } else break;
  }
  Token *t = &lx->tok;
  t->line = lx->line;
  t->start = s + lx->pos;
  t->len = 0;
  if (lx->pos >= lx->len) { t->kind = TK_EOF; return; }
  char c = s[lx->pos];
  u32 start = lx->pos;
  if (is_digit(c)) {
    double v = 0;
    while (lx->pos < lx->len && is_digit(s[lx->pos])) v = v * 10 + (s[lx->pos++] - '0');
    if (lx->pos + 1 < lx->len && s[lx->pos] == '.' && is_digit(s[lx->pos + 1])) {
      double scale = 1;
      lx->pos++;
      while (lx->pos < lx->len && is_digit(s[lx->pos])) { scale /= 10; v += (s[lx->pos++] - '0') * scale; }
    }
    t->kind = TK_NUM;
    t->num = v;
  } else if (is_name(c)) {
    while (lx->pos < lx->len && is_name(s[lx->pos])) lx->pos++;
    t->kind = TK_NAME;
    for (u32 i = 0; i < sizeof KEYWORDS / sizeof KEYWORDS[0]; i++) {
      u32 n = cstr_len(KEYWORDS[i].word);
      if (n == lx->pos - start) {
        u32 j = 0;
        while (j < n && KEYWORDS[i].word[j] == s[start + j]) j++;
        if (j == n) t->kind = KEYWORDS[i].kind;
      }
    }
  } else if (c == '"') {
    // The token spans the quotes; the parser decodes the escapes.
    lx->pos++;
    while (lx->pos < lx->len && s[lx->pos] != '"') {
      if (s[lx->pos] == '\n' || s[lx->pos] == '\r') return fail(lx, "unterminated string");
      if (s[lx->pos] == '\\') lx->pos++;
      lx->pos++;
    }
    if (lx->pos >= lx->len) return fail(lx, "unterminated string");
    lx->pos++;
    t->kind = TK_STR;
  } else {
    char d = lx->pos + 1 < lx->len ? s[lx->pos + 1] : 0;
    lx->pos++;
    t->kind = c;
    if (d == '=' && (c == '=' || c == '!' || c == '<' || c == '>')) {
      lx->pos++;
      t->kind = c == '=' ? TK_EQ : c == '!' ? TK_NE : c == '<' ? TK_LE : TK_GE;
    } else if (!(c == '(' || c == ')' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ';' ||
                 c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == '<' || c == '>' || c == '=')) {
      return fail(lx, "unexpected character");
    }
  }
  t->len = lx->pos - start;
}
