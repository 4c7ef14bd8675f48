// Recursive-descent parser. Names are resolved while parsing: a function's parameters and `let`s
// get local slots (one per name, function-wide), everything else is a global. It also records the
// valid positions (SPEC §4.1, line granularity): the first statement on each line, and loop headers.
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

static void error_at(Parser *p, i32 line, const char *msg, const Token *near) {
  if (p->failed) return;
  p->failed = 1;
  vm.error_line = line;
  Buf b = {0};
  buf_cstr(&b, msg);
  if (near && near->kind != TK_EOF && near->len) {
    buf_cstr(&b, " near '");
    buf_add(&b, near->start, near->len > 20 ? 20 : near->len);
    buf_cstr(&b, "'");
  } else if (near && near->kind == TK_EOF) {
    buf_cstr(&b, " at the end of the input");
  }
  u32 n = b.len < sizeof vm.error - 1 ? b.len : sizeof vm.error - 1;
  mem_copy(vm.error, b.data, n);
  vm.error[n] = 0;
}

static void advance(Parser *p) {
  lex_next(&p->lx);
  if (p->lx.tok.kind == TK_ERROR) error_at(p, p->lx.tok.line, p->lx.tok.message, NULL);
}

static i32 accept(Parser *p, i32 kind) {
  if (p->failed || p->lx.tok.kind != kind) return 0;
  advance(p);
  return 1;
}

static void expect(Parser *p, i32 kind, const char *msg) {
  if (!accept(p, kind)) error_at(p, p->lx.tok.line, msg, &p->lx.tok);
}

static Node *node(Parser *p, i32 kind, i32 line) {
  Node *n = parse_in_scratch ? scratch_alloc(sizeof(Node)) : heap_alloc(sizeof(Node));
  n->kind = (u8)kind;
  n->line = line;
  (void)p;
  return n;
}

static i32 find_local(Func *fn, Str *name) {
  for (i32 i = fn->nslots - 1; i >= 0; i--) if (fn->slots[i] == name) return i;
  return -1;
}

static i32 add_local(Func *fn, Str *name) {
  i32 slot = find_local(fn, name);
  if (slot >= 0) return slot;
  Str **grown = heap_alloc((u32)(fn->nslots + 1) * sizeof(Str *));
  if (fn->nslots) mem_copy(grown, fn->slots, (u32)fn->nslots * sizeof(Str *));
  grown[fn->nslots] = name;
  fn->slots = grown;
  return fn->nslots++;
}

static Node *name_ref(Parser *p, Str *name, i32 line) {
  i32 slot = p->fn == &vm.main ? -1 : find_local(p->fn, name);
  Node *n = node(p, slot >= 0 ? N_LOCAL : N_GLOBAL, line);
  n->slot = slot >= 0 ? slot : global_slot(name, !p->expression);
  if (n->slot < 0 && !p->expression) error_at(p, line, "too many globals", NULL);
  if (n->slot < 0 && p->expression) {
    Buf b = {0};
    buf_cstr(&b, "undefined variable '");
    buf_add(&b, name->data, name->len > 40 ? 40 : name->len);
    buf_cstr(&b, "'");
    error_at(p, line, b.data, NULL);
  }
  return n;
}

static Node *expr(Parser *p);

static Node *string_literal(Parser *p, const Token *t) {
  Buf b = {0};
  for (u32 i = 1; i + 1 < t->len; i++) {
    char c = t->start[i];
    if (c == '\\') {
      c = t->start[++i];
      c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == '0' ? 0 : c;
    }
    buf_add(&b, &c, 1);
  }
  Node *n = node(p, N_LIT, t->line);
  n->lit.tag = T_STR;
  n->lit.str = str_new(b.data ? b.data : "", b.len); // on the heap: a guest may keep it
  return n;
}

static Node *list_until(Parser *p, i32 close, Node **head) {
  Node **tail = head;
  if (!accept(p, close)) {
    do {
      *tail = expr(p);
      tail = &(*tail)->next;
    } while (accept(p, ','));
    expect(p, close, close == ')' ? "expected ')'" : "expected ']'");
  }
  return *head;
}

static Node *primary(Parser *p) {
  Token t = p->lx.tok;
  if (p->failed) return node(p, N_LIT, t.line);
  if (accept(p, TK_NUM)) {
    Node *n = node(p, N_LIT, t.line);
    n->lit.tag = T_NUM;
    n->lit.num = t.num;
    return n;
  }
  if (accept(p, TK_STR)) return string_literal(p, &t);
  if (accept(p, TK_TRUE) || accept(p, TK_FALSE)) {
    Node *n = node(p, N_LIT, t.line);
    n->lit.tag = T_BOOL;
    n->lit.b = t.kind == TK_TRUE;
    return n;
  }
  if (accept(p, TK_NIL)) {
    Node *n = node(p, N_LIT, t.line);
    n->lit.tag = T_NIL;
    return n;
  }
  if (accept(p, TK_NAME)) return name_ref(p, str_intern(t.start, t.len), t.line);
  if (accept(p, '(')) {
    Node *n = expr(p);
    expect(p, ')', "expected ')'");
    return n;
  }
  if (accept(p, '[')) {
    Node *n = node(p, N_ARRAY, t.line);
    list_until(p, ']', &n->a);
    return n;
  }
  error_at(p, t.line, "expected an expression", &t);
  return node(p, N_LIT, t.line);
}

static Node *postfix(Parser *p) {
  Node *e = primary(p);
  for (;;) {
    i32 line = p->lx.tok.line;
    if (accept(p, '(')) {
      Node *call = node(p, N_CALL, line);
      call->a = e;
      list_until(p, ')', &call->b);
      e = call;
    } else if (accept(p, '[')) {
      Node *index = node(p, N_INDEX, line);
      index->a = e;
      index->b = expr(p);
      expect(p, ']', "expected ']'");
      e = index;
    } else {
      return e;
    }
  }
}

static Node *unary(Parser *p) {
  i32 line = p->lx.tok.line, op = p->lx.tok.kind;
  if (accept(p, '-') || accept(p, TK_NOT) || accept(p, '!')) {
    if (++p->nest > MAX_NEST) {
      error_at(p, line, "expression nested too deeply", NULL);
      return node(p, N_LIT, line);
    }
    Node *n = node(p, op == '-' ? N_NEG : N_NOT, line);
    n->a = unary(p);
    p->nest--;
    return n;
  }
  return postfix(p);
}

static i32 binary_level(i32 tok) {
  switch (tok) {
    case TK_OR: return 1;
    case TK_AND: return 2;
    case TK_EQ: case TK_NE: case '<': case TK_LE: case '>': case TK_GE: return 3;
    case '+': case '-': return 4;
    case '*': case '/': case '%': return 5;
    default: return 0;
  }
}

static Node *binary(Parser *p, i32 min_level) {
  if (++p->nest > MAX_NEST) {
    error_at(p, p->lx.tok.line, "expression nested too deeply", NULL);
    return node(p, N_LIT, p->lx.tok.line);
  }
  Node *left = unary(p);
  for (;;) {
    i32 op = p->lx.tok.kind, level = binary_level(op), line = p->lx.tok.line;
    if (p->failed || !level || level < min_level) break;
    advance(p);
    Node *n = node(p, op == TK_OR ? N_OR : op == TK_AND ? N_AND : N_BIN, line);
    n->op = op;
    n->a = left;
    n->b = binary(p, level + 1);
    left = n;
  }
  p->nest--;
  return left;
}

static Node *expr(Parser *p) { return binary(p, 1); }

// ---- statements ---------------------------------------------------------------------------------

static i32 assignable(const Node *n) { return n->kind == N_LOCAL || n->kind == N_GLOBAL || n->kind == N_INDEX; }

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

Node *parse_expression(const char *src, u32 len, Func *fn, i32 keep) {
  Parser p = {0};
  p.fn = fn;
  p.expression = 1;
  parse_in_scratch = !keep;
  lex_init(&p.lx, src, len);
  if (p.lx.tok.kind == TK_ERROR) error_at(&p, 1, p.lx.tok.message, NULL);
  Node *e = expr(&p);
  if (!p.failed && accept(&p, '=')) {
    if (!assignable(e)) error_at(&p, 1, "cannot assign to this expression", NULL);
    Node *s = node(&p, N_ASSIGN, e->line);
    s->a = e;
    s->b = expr(&p);
    e = s;
  }
  if (!p.failed && p.lx.tok.kind != TK_EOF) error_at(&p, 1, "unexpected text after the expression", &p.lx.tok);
  parse_in_scratch = 0;
  return p.failed ? NULL : e;
}
