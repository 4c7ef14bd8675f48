// The lexer's tokens, shared by lexer.c and parser.c.
#ifndef MINI_SYNTAX_H
#define MINI_SYNTAX_H
#include "mini.h"

// Single-character tokens are their character; the rest start above 255.
enum {
  TK_EOF = 256, TK_ERROR, TK_NUM, TK_STR, TK_NAME,
  TK_FN, TK_LET, TK_IF, TK_ELSE, TK_WHILE, TK_FOR, TK_TO, TK_RETURN, TK_TRUE, TK_FALSE, TK_NIL,
  TK_AND, TK_OR, TK_NOT, TK_EQ, TK_NE, TK_LE, TK_GE, TK_TRY, TK_CATCH, TK_THROW,
};

typedef struct Token {
  i32 kind;
  const char *start;
  u32 len;
  i32 line;
  double num;
  const char *message; // TK_ERROR
} Token;

typedef struct Lexer {
  const char *src;
  u32 len, pos;
  i32 line;
  Token tok;
} Lexer;

void lex_init(Lexer *lx, const char *src, u32 len);
void lex_next(Lexer *lx);

#endif
