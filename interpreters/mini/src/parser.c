// Recursive-descent parser, expressions and the helpers (statements.c has the statements). Names are
// resolved while parsing: a function's parameters and `let`s get local slots (one per name,
// function-wide), everything else is a global.
#include "parser.h"



void error_at(Parser *p, i32 line, const char *msg, const Token *near) {
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

i32 accept(Parser *p, i32 kind) {
  if (p->failed || p->lx.tok.kind != kind) return 0;
  advance(p);
  return 1;
}

void expect(Parser *p, i32 kind, const char *msg) {
  if (!accept(p, kind)) error_at(p, p->lx.tok.line, msg, &p->lx.tok);
}

Node *node(Parser *p, i32 kind, i32 line) {
  Node *n = parse_in_scratch ? scratch_alloc(sizeof(Node)) : heap_alloc(sizeof(Node));
  n->kind = (u8)kind;
  n->line = line;
  (void)p;
  return n;
}

i32 find_local(Func *fn, Str *name) {
  for (i32 i = fn->nslots - 1; i >= 0; i--) if (fn->slots[i] == name) return i;
  return -1;
}

i32 add_local(Func *fn, Str *name) {
  i32 slot = find_local(fn, name);
  if (slot >= 0) return slot;
  Str **grown = heap_alloc((u32)(fn->nslots + 1) * sizeof(Str *));
  if (fn->nslots) mem_copy(grown, fn->slots, (u32)fn->nslots * sizeof(Str *));
  grown[fn->nslots] = name;
  fn->slots = grown;
  return fn->nslots++;
}

Node *name_ref(Parser *p, Str *name, i32 line) {
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

Node *expr(Parser *p) { return binary(p, 1); }

i32 assignable(const Node *n) { return n->kind == N_LOCAL || n->kind == N_GLOBAL || n->kind == N_INDEX; }

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
