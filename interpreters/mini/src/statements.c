// The statements of mini, functions and whole programs (expressions are in parser.c). It also
// records the valid positions (SPEC §4.1, line granularity): the first statement on each line, and
// loop headers.
#include "parser.h"

static Node *block(Parser *p);
static Node *statement(Parser *p);

// The first statement starting on a line is that line's position.
static void mark_position(Parser *p, Node *s) {
  if (p->expression || s->line == p->last_line) return;
  s->position = 1;
  p->last_line = s->line;
  p->valid[s->line] = 1;
}

static Node *if_statement(Parser *p, i32 line) {
  Node *s = node(p, N_IF, line);
  mark_position(p, s);
  s->a = expr(p);
  s->b = block(p);
  if (accept(p, TK_ELSE)) {
    if (p->lx.tok.kind == TK_IF) s->c = statement(p);
    else s->c = block(p);
  }
  return s;
}

static Node *statement(Parser *p) {
  Token t = p->lx.tok;
  i32 line = t.line;
  if (accept(p, TK_IF)) return if_statement(p, line);
  if (accept(p, TK_WHILE)) {
    Node *s = node(p, N_WHILE, line);
    mark_position(p, s);
    s->a = expr(p);
    s->b = block(p);
    return s;
  }
  if (accept(p, TK_FOR)) {
    // for NAME = from to limit { ... }: NAME counts up by 1 while it is <= limit.
    Node *s = node(p, N_FOR, line);
    mark_position(p, s);
    Token name = p->lx.tok;
    expect(p, TK_NAME, "expected a loop variable after 'for'");
    if (p->failed) return s;
    Str *n = str_intern(name.start, name.len);
    if (p->fn != &vm.main) add_local(p->fn, n);
    s->c = name_ref(p, n, line); // the loop variable; its `next` is the body
    expect(p, '=', "expected '=' after the loop variable");
    s->a = expr(p);
    expect(p, TK_TO, "expected 'to'");
    s->b = expr(p);
    s->c->next = block(p);
    return s;
  }
  if (accept(p, TK_TRY)) {
    // try { ... } catch NAME { ... }: NAME is a local (a global at the top level) holding the error.
    Node *s = node(p, N_TRY, line);
    mark_position(p, s);
    s->a = block(p);
    expect(p, TK_CATCH, "expected 'catch' after the try block");
    Token name = p->lx.tok;
    expect(p, TK_NAME, "expected a name after 'catch'");
    if (p->failed) return s;
    Str *n = str_intern(name.start, name.len);
    if (p->fn != &vm.main) add_local(p->fn, n);
    s->c = name_ref(p, n, name.line);
    s->b = block(p);
    return s;
  }
  Node *s;
  if (accept(p, TK_THROW)) {
    s = node(p, N_THROW, line);
    mark_position(p, s);
    s->a = expr(p);
  } else if (accept(p, TK_LET)) {
    Token name = p->lx.tok;
    s = node(p, N_ASSIGN, line);
    mark_position(p, s);
    expect(p, TK_NAME, "expected a name after 'let'");
    if (p->failed) return s;
    Str *n = str_intern(name.start, name.len);
    expect(p, '=', "expected '=' after the name");
    s->b = expr(p); // parsed before the name is declared: `let x = x` reads the outer x
    if (p->fn != &vm.main) add_local(p->fn, n);
    s->a = name_ref(p, n, line);
  } else if (accept(p, TK_RETURN)) {
    s = node(p, N_RETURN, line);
    mark_position(p, s);
    if (p->fn == &vm.main) error_at(p, line, "'return' outside a function", NULL);
    if (p->lx.tok.kind != ';') s->a = expr(p);
  } else if (t.kind == TK_FN) {
    error_at(p, line, "functions can only be declared at the top level", NULL);
    return node(p, N_EXPR, line);
  } else {
    s = node(p, N_EXPR, line);
    mark_position(p, s);
    Node *e = expr(p);
    if (accept(p, '=')) {
      if (!assignable(e)) error_at(p, line, "cannot assign to this expression", NULL);
      s->kind = N_ASSIGN;
      s->a = e;
      s->b = expr(p);
    } else {
      s->a = e;
    }
  }
  expect(p, ';', "expected ';'");
  return s;
}

static Node *block(Parser *p) {
  Node *b = node(p, N_BLOCK, p->lx.tok.line);
  expect(p, '{', "expected '{'");
  Node **tail = &b->a;
  while (!p->failed && p->lx.tok.kind != '}' && p->lx.tok.kind != TK_EOF) {
    *tail = statement(p);
    tail = &(*tail)->next;
  }
  expect(p, '}', "expected '}'");
  return b;
}

static Func *function(Parser *p, i32 line) {
  Token name = p->lx.tok;
  expect(p, TK_NAME, "expected a function name after 'fn'");
  Func *fn = heap_alloc(sizeof(Func));
  fn->line = line;
  fn->name = p->failed ? str_intern("?", 1) : str_intern(name.start, name.len);
  expect(p, '(', "expected '('");
  Func *outer = p->fn;
  p->fn = fn;
  if (!accept(p, ')')) {
    do {
      Token param = p->lx.tok;
      expect(p, TK_NAME, "expected a parameter name");
      if (p->failed) break;
      Str *n = str_intern(param.start, param.len);
      if (find_local(fn, n) >= 0) error_at(p, param.line, "duplicate parameter", &param);
      add_local(fn, n);
    } while (accept(p, ','));
    expect(p, ')', "expected ')'");
  }
  fn->nparams = fn->nslots;
  fn->body = block(p);
  p->fn = outer;
  return fn;
}

i32 parse_program(const char *src, u32 len, Program *out) {
  Parser p = {0};
  p.fn = &vm.main;
  i32 lines = 1;
  for (u32 i = 0; i < len; i++)
    if (src[i] == '\n' || (src[i] == '\r' && !(i + 1 < len && src[i + 1] == '\n'))) lines++;
  p.valid = heap_alloc((u32)lines + 2);
  parse_in_scratch = 0;
  lex_init(&p.lx, src, len);
  if (p.lx.tok.kind == TK_ERROR) error_at(&p, p.lx.tok.line, p.lx.tok.message, NULL);
  Node *top = node(&p, N_BLOCK, 1);
  Node **tail = &top->a;
  Func **funcs = NULL;
  i32 nfuncs = 0;
  while (!p.failed && p.lx.tok.kind != TK_EOF) {
    i32 line = p.lx.tok.line;
    if (accept(&p, TK_FN)) {
      Func *fn = function(&p, line);
      Func **grown = heap_alloc((u32)(nfuncs + 1) * sizeof(Func *));
      if (nfuncs) mem_copy(grown, funcs, (u32)nfuncs * sizeof(Func *));
      grown[nfuncs++] = fn;
      funcs = grown;
      if (global_slot(fn->name, 1) < 0) error_at(&p, line, "too many globals", NULL);
    } else {
      *tail = statement(&p);
      tail = &(*tail)->next;
    }
  }
  if (p.failed) return 0;
  out->funcs = funcs;
  out->nfuncs = nfuncs;
  out->top = top;
  out->nlines = lines;
  out->valid = p.valid;
  return 1;
}
