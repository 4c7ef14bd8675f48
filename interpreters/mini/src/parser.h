// The parser's state and the helpers its two halves share: expressions (parser.c) and statements
// (statements.c). Internal to the parser; the rest of the interpreter uses mini.h.
#ifndef MINI_PARSER_H
#define MINI_PARSER_H
#include "syntax.h"

typedef struct Parser {
  Lexer lx;
  Func *fn;          // the function being parsed (vm.main at the top level)
  i32 expression;    // parsing an evaluate expression: no new globals, no positions
  i32 nest;
  i32 last_line;     // line of the last statement that became a position
  u8 *valid;
  i32 failed;
} Parser;

#define MAX_NEST 100

void error_at(Parser *p, i32 line, const char *msg, const Token *near);
i32 accept(Parser *p, i32 kind);
void expect(Parser *p, i32 kind, const char *msg);
Node *node(Parser *p, i32 kind, i32 line);
i32 find_local(Func *fn, Str *name);
i32 add_local(Func *fn, Str *name);
Node *name_ref(Parser *p, Str *name, i32 line);
Node *expr(Parser *p);
i32 assignable(const Node *n);

#endif
