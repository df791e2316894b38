/* A small, bounded regular-expression matcher. See pattern.h for the
 * syntax, the semantics and the limits.
 *
 * The compiler is a recursive-descent parser (its depth is bounded by
 * PATTERN_MAX_NEST) that emits code for a backtracking machine:
 *
 *   CHAR c       the byte c (either case with PATTERN_CASE_INSENSITIVE)
 *   CLASS k      a byte in class k;  NCLASS k  a byte not in class k
 *   BOL, EOL     offset 0; offset len
 *   JMP x        go to pc + x
 *   SPLIT x y    go to pc + x; on failure, to pc + y
 *   LOOKNEG x    run the body pc + 1 .. (LOOKEND); fail if it matches,
 *                else go to pc + x (just past the LOOKEND)
 *   LOOKEND      the body of a lookahead matched
 *   MATCH        success if at the end of the input
 *
 *   e1|e2|e3   SPLIT 1,L2; e1; JMP end; L2: SPLIT 1,L3; e2; JMP end; L3: e3
 *   e?         SPLIT 1,end; e
 *   e*         L: SPLIT 1,end; e; JMP L
 *   e+         L: e; SPLIT L,1
 *   e{2,4}     e; e; SPLIT 1,end; e; SPLIT 1,end; e
 *   e{2,}      e; L: e; SPLIT L,1
 */
#include "pattern.h"

#include <stdbool.h>
#include <string.h>

enum {
  OP_CHAR = 1,
  OP_CLASS,
  OP_NCLASS,
  OP_BOL,
  OP_EOL,
  OP_JMP,
  OP_SPLIT,
  OP_LOOKNEG,
  OP_LOOKEND,
  OP_MATCH
};

/* Bits of a state (instruction, offset), and entries of the backtrack
 * stack, are uint16_t indexes pc * (len + 1) + offset. */
#define STATES (PATTERN_MAX_INSNS * (PATTERN_MAX_INPUT + 1))
typedef char pattern_states_fit_in_16_bits[STATES <= 65536 ? 1 : -1];

/* ------------------------------------------------------------------------ */
/* Bytes                                                                     */
/* ------------------------------------------------------------------------ */

static bool is_letter(unsigned c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
static bool is_alnum(unsigned c) {
  return is_letter(c) || (c >= '0' && c <= '9');
}
static bool is_printable(unsigned c) { return c >= 0x20 && c <= 0x7e; }
static unsigned fold(unsigned c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static void set_bit(uint8_t *bits, unsigned c) {
  bits[c >> 3] = (uint8_t)(bits[c >> 3] | (1u << (c & 7)));
}
static bool has_bit(const uint8_t *bits, unsigned c) {
  return (bits[c >> 3] >> (c & 7)) & 1u;
}

/* ------------------------------------------------------------------------ */
/* Compiler                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct compiler {
  pattern_prog *prog;
  const unsigned char *src;
  size_t len;
  size_t pos;
  size_t n; /* instructions emitted */
  unsigned nest;
  unsigned look_nest;
  pattern_error err;
  size_t err_at;
} compiler;

/* Records the first error; returns false for the caller to unwind. */
static bool fail_at(compiler *c, pattern_error e, size_t at) {
  if (c->err == PATTERN_OK) {
    c->err = e;
    c->err_at = at;
  }
  return false;
}
static bool fail(compiler *c, pattern_error e) { return fail_at(c, e, c->pos); }

static int peek(const compiler *c) {
  return c->pos < c->len ? c->src[c->pos] : -1;
}
static int peek_at(const compiler *c, size_t k) {
  return c->pos + k < c->len ? c->src[c->pos + k] : -1;
}

static bool emit(compiler *c, uint8_t op, uint8_t arg, int x, int y) {
  if (c->n >= PATTERN_MAX_INSNS)
    return fail(c, PATTERN_ERR_TOO_LARGE);
  pattern_insn *in = &c->prog->insn[c->n++];
  in->op = op;
  in->arg = arg;
  in->x = (int16_t)x;
  in->y = (int16_t)y;
  return true;
}

/* Inserts an instruction at pc, moving the code after it down by one. Jumps
 * are relative, so the moved code stays right as long as no jump crosses
 * pc, which holds where this is used (the moved code is one alternative). */
static bool insert(compiler *c, size_t pc, uint8_t op, int x, int y) {
  if (c->n >= PATTERN_MAX_INSNS)
    return fail(c, PATTERN_ERR_TOO_LARGE);
  pattern_insn *code = c->prog->insn;
  memmove(&code[pc + 1], &code[pc], (c->n - pc) * sizeof code[0]);
  c->n++;
  code[pc].op = op;
  code[pc].arg = 0;
  code[pc].x = (int16_t)x;
  code[pc].y = (int16_t)y;
  return true;
}

/* The index of a class with these bits, added if new. */
static bool add_class(compiler *c, const uint8_t bits[32], uint8_t *index) {
  pattern_prog *p = c->prog;
  for (unsigned i = 0; i < p->n_classes; i++) {
    if (memcmp(p->classes[i], bits, 32) == 0) {
      *index = (uint8_t)i;
      return true;
    }
  }
  if (p->n_classes >= PATTERN_MAX_CLASSES)
    return fail(c, PATTERN_ERR_TOO_LARGE);
  memcpy(p->classes[p->n_classes], bits, 32);
  *index = (uint8_t)p->n_classes++;
  return true;
}

static void add_range(uint8_t bits[32], unsigned lo, unsigned hi) {
  for (unsigned b = lo >> 3; b <= hi >> 3; b++) {
    unsigned from = b == lo >> 3 ? lo & 7 : 0;
    unsigned to = b == hi >> 3 ? hi & 7 : 7;
    bits[b] = (uint8_t)(bits[b] | ((0xffu << from) & (0xffu >> (7 - to))));
  }
}
static void add_digits(uint8_t bits[32]) { add_range(bits, '0', '9'); }
static void add_spaces(uint8_t bits[32]) {
  set_bit(bits, ' ');
  add_range(bits, '\t', '\r'); /* \t \n \v \f \r */
}

static bool emit_set(compiler *c, bool negate, const uint8_t bits[32]) {
  uint8_t k;
  return add_class(c, bits, &k) &&
         emit(c, negate ? OP_NCLASS : OP_CLASS, k, 0, 0);
}

/* Whether a quantifier {n}, {n,} or {n,m} starts at the current offset
 * ('{' included). */
static bool at_braces(const compiler *c) {
  size_t k = 1;
  int ch = peek_at(c, k);
  if (!(ch >= '0' && ch <= '9'))
    return false;
  while ((ch = peek_at(c, k)) >= '0' && ch <= '9')
    k++;
  if (ch == ',') {
    k++;
    while ((ch = peek_at(c, k)) >= '0' && ch <= '9')
      k++;
  }
  return ch == '}';
}

static bool at_quantifier(const compiler *c) {
  int ch = peek(c);
  return ch == '*' || ch == '+' || ch == '?' || (ch == '{' && at_braces(c));
}

/* A decimal number of a quantifier, capped above PATTERN_MAX_REPEAT. */
static unsigned number(compiler *c) {
  unsigned v = 0;
  int ch;
  while ((ch = peek(c)) >= '0' && ch <= '9') {
    v = v * 10 + (unsigned)(ch - '0');
    if (v > PATTERN_MAX_REPEAT)
      v = PATTERN_MAX_REPEAT + 1;
    c->pos++;
  }
  return v;
}

/* An escape after '\' outside or inside a class: a literal (*lit) or one of
 * \d \s (*set filled, *lit = -1). */
static bool escape(compiler *c, int *lit, uint8_t set[32]) {
  int ch = peek(c);
  if (ch < 0)
    return fail(c, PATTERN_ERR_SYNTAX); /* trailing backslash */
  if (ch == 'd' || ch == 's') {
    memset(set, 0, 32);
    if (ch == 'd')
      add_digits(set);
    else
      add_spaces(set);
    *lit = -1;
  } else if (is_printable((unsigned)ch) && !is_alnum((unsigned)ch)) {
    *lit = ch;
  } else {
    return fail(c, PATTERN_ERR_UNSUPPORTED);
  }
  c->pos++;
  return true;
}

/* One element of a class: a byte (*lit) or \d \s (*lit = -1, set). */
static bool class_atom(compiler *c, int *lit, uint8_t set[32]) {
  int ch = peek(c);
  if (ch < 0)
    return fail(c, PATTERN_ERR_SYNTAX); /* unterminated class */
  if (ch == '\\') {
    c->pos++;
    return escape(c, lit, set);
  }
  if (ch == '[' || !is_printable((unsigned)ch))
    return fail(c, PATTERN_ERR_UNSUPPORTED);
  *lit = ch;
  c->pos++;
  return true;
}

/* [...] or [^...], the '[' consumed. */
static bool parse_class(compiler *c) {
  uint8_t bits[32], set[32];
  bool negate = false;
  memset(bits, 0, sizeof bits);
  if (peek(c) == '^') {
    negate = true;
    c->pos++;
  }
  for (;;) {
    int ch = peek(c);
    if (ch < 0)
      return fail(c, PATTERN_ERR_SYNTAX);
    if (ch == ']') {
      c->pos++;
      break;
    }
    size_t at = c->pos;
    int lo, hi;
    if (!class_atom(c, &lo, set))
      return false;
    if (peek(c) == '-' && peek_at(c, 1) >= 0 && peek_at(c, 1) != ']') {
      /* a range */
      c->pos++;
      if (lo < 0 || !class_atom(c, &hi, set) || hi < 0) {
        if (c->err == PATTERN_OK) /* [\d-x]: a legacy form, refused */
          return fail_at(c, PATTERN_ERR_UNSUPPORTED, at);
        return false;
      }
      if (lo > hi)
        return fail_at(c, PATTERN_ERR_SYNTAX, at);
      add_range(bits, (unsigned)lo, (unsigned)hi);
    } else if (lo < 0) {
      for (unsigned i = 0; i < 32; i++)
        bits[i] |= set[i];
    } else {
      set_bit(bits, (unsigned)lo);
    }
  }
  return emit_set(c, negate, bits);
}

static bool parse_alt(compiler *c);

/* What an atom is, for the quantifier after it. */
typedef enum atom_kind { ATOM_ERROR, ATOM_BYTES, ATOM_ASSERT } atom_kind;

/* ( (?: (?!, the '(' consumed. */
static atom_kind parse_group(compiler *c) {
  size_t open = c->pos - 1;
  bool look = false;
  if (peek(c) == '?') {
    if (peek_at(c, 1) == ':') {
      c->pos += 2;
    } else if (peek_at(c, 1) == '!') {
      c->pos += 2;
      look = true;
    } else {
      fail(c, PATTERN_ERR_UNSUPPORTED); /* (?= (?<= (?<! (?<name> */
      return ATOM_ERROR;
    }
  }
  if (++c->nest > PATTERN_MAX_NEST) {
    fail_at(c, PATTERN_ERR_TOO_LARGE, open);
    return ATOM_ERROR;
  }
  size_t start = c->n;
  if (look) {
    if (++c->look_nest > PATTERN_MAX_LOOKAHEAD_NEST) {
      fail_at(c, PATTERN_ERR_TOO_LARGE, open);
      return ATOM_ERROR;
    }
    if (!emit(c, OP_LOOKNEG, 0, 0, 0))
      return ATOM_ERROR;
  }
  if (!parse_alt(c))
    return ATOM_ERROR;
  if (peek(c) != ')') {
    fail_at(c, PATTERN_ERR_SYNTAX, open); /* unbalanced ( */
    return ATOM_ERROR;
  }
  c->pos++;
  c->nest--;
  if (look) {
    c->look_nest--;
    if (!emit(c, OP_LOOKEND, 0, 0, 0))
      return ATOM_ERROR;
    c->prog->insn[start].x = (int16_t)(c->n - start);
    return ATOM_ASSERT;
  }
  return ATOM_BYTES;
}

static atom_kind parse_atom(compiler *c) {
  int ch = peek(c);
  uint8_t set[32];
  int lit;
  switch (ch) {
  case '(':
    c->pos++;
    return parse_group(c);
  case '[':
    c->pos++;
    return parse_class(c) ? ATOM_BYTES : ATOM_ERROR;
  case '\\':
    c->pos++;
    if (!escape(c, &lit, set))
      return ATOM_ERROR;
    if (lit < 0)
      return emit_set(c, false, set) ? ATOM_BYTES : ATOM_ERROR;
    return emit(c, OP_CHAR, (uint8_t)lit, 0, 0) ? ATOM_BYTES : ATOM_ERROR;
  case '^':
  case '$':
    c->pos++;
    return emit(c, ch == '^' ? OP_BOL : OP_EOL, 0, 0, 0) ? ATOM_ASSERT
                                                         : ATOM_ERROR;
  case '*':
  case '+':
  case '?':
    fail(c, PATTERN_ERR_SYNTAX); /* nothing to repeat */
    return ATOM_ERROR;
  case '{':
    fail(c, at_braces(c) ? PATTERN_ERR_SYNTAX : PATTERN_ERR_UNSUPPORTED);
    return ATOM_ERROR;
  case '.':
  case ']':
  case '}':
    fail(c, PATTERN_ERR_UNSUPPORTED);
    return ATOM_ERROR;
  default:
    if (ch < 0 || !is_printable((unsigned)ch)) {
      fail(c, PATTERN_ERR_UNSUPPORTED);
      return ATOM_ERROR;
    }
    c->pos++;
    return emit(c, OP_CHAR, (uint8_t)ch, 0, 0) ? ATOM_BYTES : ATOM_ERROR;
  }
}

/* Appends a copy of the code [from, from + l), which ends before c->n. */
static bool append(compiler *c, size_t from, size_t l) {
  if (l > PATTERN_MAX_INSNS - c->n)
    return fail(c, PATTERN_ERR_TOO_LARGE);
  memcpy(&c->prog->insn[c->n], &c->prog->insn[from], l * sizeof(pattern_insn));
  c->n += l;
  return true;
}

/* Appends k optional copies of the code [from, from + l), each inside the
 * one before: SPLIT 1,end; e; SPLIT 1,end; e ... */
static bool optional_copies(compiler *c, size_t from, size_t l, size_t k) {
  if (k > (PATTERN_MAX_INSNS - c->n) / (l + 1))
    return fail(c, PATTERN_ERR_TOO_LARGE);
  size_t end = c->n + k * (l + 1);
  for (size_t i = 0; i < k; i++) {
    if (!emit(c, OP_SPLIT, 0, 1, (int)(end - c->n)) || !append(c, from, l))
      return false;
  }
  return true;
}

/* Rewrites the code [start, c->n), an atom, as repeated min to max times
 * (max < 0: no upper bound). The copies are taken from the code in place,
 * so that no buffer is needed on the stack of the (recursive) parser. */
static bool repeat(compiler *c, size_t start, unsigned min, long max) {
  size_t l = c->n - start;
  if (l == 0)
    return true; /* an empty atom repeated is still empty */
  if (max == 0) {
    c->n = start;
    return true;
  }
  if (min == 0 && max < 0) /* e*: SPLIT 1,end; e; JMP back to the SPLIT */
    return insert(c, start, OP_SPLIT, 1, (int)l + 2) &&
           emit(c, OP_JMP, 0, -(int)l - 1, 0);
  if (min == 0) { /* the atom becomes the first optional copy */
    size_t k = (size_t)max;
    if (k > (PATTERN_MAX_INSNS - start) / (l + 1))
      return fail(c, PATTERN_ERR_TOO_LARGE);
    return insert(c, start, OP_SPLIT, 1, (int)(k * (l + 1))) &&
           optional_copies(c, start + 1, l, k - 1);
  }
  for (unsigned i = 1; i < min; i++) {
    if (!append(c, start, l))
      return false;
  }
  if (max < 0) /* the last copy, repeated: e+ */
    return emit(c, OP_SPLIT, 0, -(int)l, 1);
  return optional_copies(c, start, l, (size_t)max - min);
}

/* An atom and its quantifier, if any. */
static bool parse_term(compiler *c) {
  size_t start = c->n;
  atom_kind kind = parse_atom(c);
  if (kind == ATOM_ERROR)
    return false;
  if (!at_quantifier(c))
    return true;
  size_t at = c->pos;
  if (kind == ATOM_ASSERT) /* ^* $? (?!x)+ */
    return fail(c, c->prog->insn[start].op == OP_LOOKNEG
                       ? PATTERN_ERR_UNSUPPORTED
                       : PATTERN_ERR_SYNTAX);
  unsigned min;
  long max;
  switch (c->src[c->pos++]) {
  case '*':
    min = 0, max = -1;
    break;
  case '+':
    min = 1, max = -1;
    break;
  case '?':
    min = 0, max = 1;
    break;
  default: /* '{', checked by at_quantifier() */
    min = number(c);
    max = min;
    if (peek(c) == ',') {
      c->pos++;
      max = peek(c) == '}' ? -1 : (long)number(c);
    }
    c->pos++; /* '}' */
    if (min > PATTERN_MAX_REPEAT || max > PATTERN_MAX_REPEAT)
      return fail_at(c, PATTERN_ERR_TOO_LARGE, at);
    if (max >= 0 && max < (long)min)
      return fail_at(c, PATTERN_ERR_SYNTAX, at);
    break;
  }
  if (peek(c) == '?')
    return fail(c, PATTERN_ERR_UNSUPPORTED); /* lazy */
  if (at_quantifier(c))
    return fail(c, PATTERN_ERR_SYNTAX); /* nothing to repeat */
  return repeat(c, start, min, max);
}

static bool parse_concat(compiler *c) {
  for (;;) {
    int ch = peek(c);
    if (ch < 0 || ch == '|' || ch == ')')
      return true;
    if (!parse_term(c))
      return false;
  }
}

/* Alternatives. The JMPs to the end are chained through their x while the
 * end is not known (x = offset of the previous one, or -1), then patched. */
static bool parse_alt(compiler *c) {
  size_t start = c->n;
  long chain = -1;
  if (!parse_concat(c))
    return false;
  while (peek(c) == '|') {
    c->pos++;
    /* SPLIT to this alternative or past it and its JMP */
    if (!insert(c, start, OP_SPLIT, 1, (int)(c->n - start) + 2))
      return false;
    if (!emit(c, OP_JMP, 0, (int)chain, 0))
      return false;
    chain = (long)c->n - 1;
    start = c->n;
    if (!parse_concat(c))
      return false;
  }
  while (chain >= 0) {
    pattern_insn *j = &c->prog->insn[chain];
    long prev = j->x;
    j->x = (int16_t)((long)c->n - chain);
    chain = prev;
  }
  return true;
}

/* The bytes a program consumes if it has a single path (no SPLIT, JMP or
 * LOOKNEG), else PATTERN_NOT_LINEAR. */
static uint16_t linear_len(const pattern_prog *prog) {
  uint16_t n = 0;
  for (size_t pc = 0; pc < prog->n_insns; pc++) {
    switch (prog->insn[pc].op) {
    case OP_CHAR:
    case OP_CLASS:
    case OP_NCLASS:
      n++;
      break;
    case OP_BOL:
    case OP_EOL:
    case OP_MATCH:
      break;
    default:
      return PATTERN_NOT_LINEAR;
    }
  }
  return n;
}

/* ---- the automaton ---- */

/* A set of instructions. */
typedef struct pc_set {
  uint64_t w[(PATTERN_MAX_INSNS + 63) / 64];
} pc_set;

static bool pc_in(const pc_set *s, size_t pc) {
  return (s->w[pc / 64] >> (pc % 64)) & 1u;
}

/* Whether the consuming instruction `in` takes byte ch, as run() decides. */
static bool insn_takes(const pattern_prog *prog, const pattern_insn *in,
                       unsigned ch, bool icase) {
  if (in->op == OP_CHAR)
    return ch == in->arg || (icase && fold(ch) == fold(in->arg));
  const uint8_t *bits = prog->classes[in->arg];
  bool in_class = has_bit(bits, ch) ||
                  (icase && is_letter(ch) && has_bit(bits, ch ^ 0x20u));
  return in_class == (in->op == OP_CLASS);
}

/* Adds to *s the instructions reachable from pc without consuming a byte:
 * through jumps and splits, and through BOL and EOL where they hold (bol:
 * at offset 0; eol: at the end of the input). Targets outside the program
 * lead nowhere, as in run(). */
static void closure(const pattern_prog *prog, pc_set *s, ptrdiff_t pc, bool bol,
                    bool eol) {
  ptrdiff_t todo[PATTERN_MAX_INSNS * 2 + 1];
  size_t top = 0;
  const ptrdiff_t n = prog->n_insns;
  todo[top++] = pc;
  while (top) {
    pc = todo[--top];
    if (pc < 0 || pc >= n || pc_in(s, (size_t)pc))
      continue;
    s->w[pc / 64] |= (uint64_t)1 << (pc % 64);
    const pattern_insn *in = &prog->insn[pc];
    switch (in->op) {
    case OP_JMP:
      todo[top++] = pc + in->x;
      break;
    case OP_SPLIT:
      todo[top++] = pc + in->y;
      todo[top++] = pc + in->x;
      break;
    case OP_BOL:
      if (bol)
        todo[top++] = pc + 1;
      break;
    case OP_EOL:
      if (eol)
        todo[top++] = pc + 1;
      break;
    default:
      break;
    }
  }
}

/* Whether a state (its set of instructions) matches at the end of the
 * input. */
static bool set_accepts(const pattern_prog *prog, const pc_set *s, bool start) {
  pc_set end;
  memset(&end, 0, sizeof end);
  for (size_t pc = 0; pc < prog->n_insns; pc++)
    if (pc_in(s, pc))
      closure(prog, &end, (ptrdiff_t)pc, start, true);
  for (size_t pc = 0; pc < prog->n_insns; pc++)
    if (pc_in(&end, pc) && prog->insn[pc].op == OP_MATCH)
      return true;
  return false;
}

/* Splits the 512 (byte, case mode) inputs into classes that every
 * consuming instruction treats alike; the number of classes, or 0 if over
 * PATTERN_DFA_SYMBOLS. rep[k]: an input of class k, as mode * 256 + byte.
 * Patterns are ASCII (the compiler refuses other bytes), so no literal and
 * no class holds a byte from 0x80 up: those bytes are all alike, and only
 * 0x80 stands for them while splitting. */
static unsigned byte_classes(pattern_prog *prog, uint16_t rep[]) {
  enum { SPAN = 129 }; /* bytes 0..0x80 */
  uint8_t id[2][SPAN];
  unsigned count = 1;
  memset(id, 0, sizeof id);
  bool seen[256 + PATTERN_MAX_CLASSES] = {false};
  for (size_t pc = 0; pc < prog->n_insns; pc++) {
    const pattern_insn *in = &prog->insn[pc];
    if (in->op != OP_CHAR && in->op != OP_CLASS && in->op != OP_NCLASS)
      continue;
    /* A class and its negation split the bytes alike. */
    unsigned atom = in->op == OP_CHAR ? in->arg : 256u + in->arg;
    if (seen[atom])
      continue;
    seen[atom] = true;
    /* The bytes the atom holds, without and with case folding. */
    uint8_t holds[2][32];
    memset(holds, 0, sizeof holds);
    if (in->op == OP_CHAR)
      set_bit(holds[0], in->arg);
    else
      memcpy(holds[0], prog->classes[in->arg], 32);
    for (unsigned b = 16; b < 32; b++)
      if (holds[0][b])
        return 0; /* not produced by the compiler */
    memcpy(holds[1], holds[0], 32);
    for (unsigned ch = 'A'; ch <= 'Z'; ch++)
      if (has_bit(holds[0], ch) || has_bit(holds[0], ch + 32u)) {
        set_bit(holds[1], ch);
        set_bit(holds[1], ch + 32u);
      }
    uint8_t remap[2 * PATTERN_DFA_SYMBOLS];
    memset(remap, 0xFF, sizeof remap);
    unsigned next = 0;
    for (unsigned mode = 0; mode < 2; mode++) {
      for (unsigned ch = 0; ch < SPAN; ch++) {
        unsigned key = id[mode][ch] * 2u + has_bit(holds[mode], ch);
        if (remap[key] == 0xFF) {
          if (next == PATTERN_DFA_SYMBOLS)
            return 0;
          remap[key] = (uint8_t)next++;
        }
        id[mode][ch] = remap[key];
      }
    }
    count = next;
  }
  for (unsigned k = 0; k < count; k++)
    rep[k] = 0xFFFF;
  for (unsigned mode = 0; mode < 2; mode++) {
    for (unsigned ch = 0; ch < SPAN; ch++) {
      uint8_t k = id[mode][ch];
      prog->dfa_symbol[mode][ch] = k;
      if (rep[k] == 0xFFFF)
        rep[k] = (uint16_t)(mode * 256 + ch);
    }
    memset(prog->dfa_symbol[mode] + SPAN, id[mode][SPAN - 1], 256 - SPAN);
  }
  return count;
}

/* Builds the automaton of a compiled program, when it gives the answers
 * the backtracking machine gives: no lookahead (whose body runs with its
 * own bits), and few enough splits that the machine's steps (at most
 * instructions x (PATTERN_MAX_INPUT + 1)) and pending alternatives (at
 * most one per split and offset, and the start) stay within its limits,
 * so that it always answers by the language alone. */
static void build_dfa(pattern_prog *prog) {
  prog->dfa_states = 0;
  size_t splits = 0;
  for (size_t pc = 0; pc < prog->n_insns; pc++) {
    uint8_t op = prog->insn[pc].op;
    if (op == OP_LOOKNEG || op == OP_LOOKEND)
      return;
    splits += op == OP_SPLIT;
  }
  typedef char steps_within_limit[PATTERN_MAX_INSNS * (PATTERN_MAX_INPUT + 1) <=
                                          PATTERN_MAX_STEPS
                                      ? 1
                                      : -1];
  (void)sizeof(steps_within_limit);
  if (splits * (PATTERN_MAX_INPUT + 1) + 1 > PATTERN_MAX_BACKTRACK)
    return;
  uint16_t rep[PATTERN_DFA_SYMBOLS];
  unsigned symbols = byte_classes(prog, rep);
  if (symbols == 0)
    return;
  pc_set sets[PATTERN_DFA_STATES];
  memset(sets, 0, sizeof sets);
  closure(prog, &sets[1], 0, true, false);
  unsigned count = 2;
  uint64_t accept = 0;
  for (unsigned st = 1; st < count; st++) {
    if (set_accepts(prog, &sets[st], st == 1))
      accept |= (uint64_t)1 << st;
    for (unsigned k = 0; k < symbols; k++) {
      unsigned ch = rep[k] & 255u;
      bool icase = rep[k] >= 256;
      pc_set to;
      memset(&to, 0, sizeof to);
      bool any = false;
      for (size_t pc = 0; pc < prog->n_insns; pc++) {
        const pattern_insn *in = &prog->insn[pc];
        if (!pc_in(&sets[st], pc) ||
            (in->op != OP_CHAR && in->op != OP_CLASS && in->op != OP_NCLASS) ||
            !insn_takes(prog, in, ch, icase))
          continue;
        closure(prog, &to, (ptrdiff_t)pc + 1, false, false);
        any = true;
      }
      unsigned target = 0;
      if (any) {
        /* The start state is never shared: only there do BOL hold. */
        for (target = 2; target < count; target++)
          if (memcmp(&sets[target], &to, sizeof to) == 0)
            break;
        if (target == count) {
          if (count == PATTERN_DFA_STATES)
            return;
          sets[count++] = to;
        }
      }
      prog->dfa_next[st][k] = (uint8_t)target;
    }
  }
  memset(prog->dfa_next[0], 0, sizeof prog->dfa_next[0]);
  prog->dfa_accept = accept;
  prog->dfa_states = (uint8_t)count;
}

pattern_error pattern_compile(pattern_prog *prog, const char *src, size_t len,
                              size_t *error_offset) {
  compiler c;
  memset(&c, 0, sizeof c);
  c.prog = prog;
  c.src = (const unsigned char *)(src ? src : "");
  c.len = src ? len : 0;
  prog->n_insns = 0;
  prog->n_classes = 0;
  prog->linear_len = PATTERN_NOT_LINEAR;
  prog->dfa_states = 0;
  if (parse_alt(&c)) {
    if (peek(&c) == ')')
      fail(&c, PATTERN_ERR_SYNTAX); /* unbalanced ) */
    else
      emit(&c, OP_MATCH, 0, 0, 0);
  }
  if (c.err != PATTERN_OK) {
    prog->n_insns = 0;
    prog->n_classes = 0;
    if (error_offset)
      *error_offset = c.err_at;
    return c.err;
  }
  prog->n_insns = (uint16_t)c.n;
  prog->linear_len = linear_len(prog);
  build_dfa(prog);
  if (error_offset)
    *error_offset = 0;
  return PATTERN_OK;
}

/* ------------------------------------------------------------------------ */
/* Matcher                                                                   */
/* ------------------------------------------------------------------------ */

typedef struct matcher {
  const pattern_prog *prog;
  const unsigned char *s;
  size_t len;
  size_t width; /* len + 1: states per instruction */
  bool icase;
  uint32_t steps;
  size_t top;
  uint16_t stack[PATTERN_MAX_BACKTRACK];
  uint8_t tried[(STATES + 7) / 8]; /* bit per state already run */
} matcher;

typedef enum run_result { RUN_FAIL = 0, RUN_OK = 1, RUN_LIMIT = 2 } run_result;

static bool byte_in_class(const matcher *m, unsigned k, unsigned ch) {
  const uint8_t *bits = m->prog->classes[k];
  return has_bit(bits, ch) ||
         (m->icase && is_letter(ch) && has_bit(bits, ch ^ 0x20u));
}

/* Clears the bits of the states of instructions [from, to). */
static void forget(matcher *m, size_t from, size_t to) {
  size_t i = from * m->width, end = to * m->width;
  for (; i < end && (i & 7); i++)
    m->tried[i >> 3] = (uint8_t)(m->tried[i >> 3] & ~(1u << (i & 7)));
  size_t bytes = (end - i) / 8; /* whole bytes in the middle at once */
  memset(&m->tried[i >> 3], 0, bytes);
  i += bytes * 8;
  for (; i < end; i++)
    m->tried[i >> 3] = (uint8_t)(m->tried[i >> 3] & ~(1u << (i & 7)));
}

/* Pushes the state (pc, pos) to try later; false when the stack is full. */
static bool push(matcher *m, size_t pc, size_t pos) {
  if (m->top >= PATTERN_MAX_BACKTRACK)
    return false;
  m->stack[m->top++] = (uint16_t)(pc * m->width + pos);
  return true;
}

/* Runs the code from (pc, pos) until a MATCH at the end of the input or a
 * LOOKEND (RUN_OK), until every way failed (RUN_FAIL), or until a limit
 * (RUN_LIMIT). depth: the nesting of lookaheads. */
static run_result run(matcher *m, size_t pc, size_t pos, unsigned depth) {
  const pattern_insn *code = m->prog->insn;
  const size_t n = m->prog->n_insns;
  const size_t base = m->top;
  run_result r = RUN_FAIL;
  if (depth > PATTERN_MAX_LOOKAHEAD_NEST || !push(m, pc, pos))
    return RUN_LIMIT;
  while (m->top > base) {
    size_t state = m->stack[--m->top];
    pc = state / m->width;
    pos = state % m->width;
    for (;;) {
      if (pc >= n)
        break; /* not produced by the compiler */
      state = pc * m->width + pos;
      if (has_bit(m->tried, (unsigned)state))
        break;
      set_bit(m->tried, (unsigned)state);
      if (++m->steps > PATTERN_MAX_STEPS) {
        r = RUN_LIMIT;
        goto out;
      }
      const pattern_insn *in = &code[pc];
      bool ok;
      switch (in->op) {
      case OP_CHAR:
        ok = pos < m->len && (m->s[pos] == in->arg ||
                              (m->icase && fold(m->s[pos]) == fold(in->arg)));
        if (!ok)
          break;
        pc++, pos++;
        continue;
      case OP_CLASS:
      case OP_NCLASS:
        ok = pos < m->len &&
             byte_in_class(m, in->arg, m->s[pos]) == (in->op == OP_CLASS);
        if (!ok)
          break;
        pc++, pos++;
        continue;
      case OP_BOL:
        if (pos != 0)
          break;
        pc++;
        continue;
      case OP_EOL:
        if (pos != m->len)
          break;
        pc++;
        continue;
      case OP_JMP:
        pc = (size_t)((ptrdiff_t)pc + in->x);
        continue;
      case OP_SPLIT: {
        size_t alt = (size_t)((ptrdiff_t)pc + in->y);
        if (alt < n && !has_bit(m->tried, (unsigned)(alt * m->width + pos)) &&
            !push(m, alt, pos)) {
          r = RUN_LIMIT;
          goto out;
        }
        pc = (size_t)((ptrdiff_t)pc + in->x);
        continue;
      }
      case OP_LOOKNEG: {
        size_t end = (size_t)((ptrdiff_t)pc + in->x);
        if (end > n || end <= pc + 1)
          break;
        /* The body may have run at another offset: forget its states. */
        forget(m, pc + 1, end);
        run_result body = run(m, pc + 1, pos, depth + 1);
        if (body == RUN_LIMIT) {
          r = RUN_LIMIT;
          goto out;
        }
        if (body == RUN_OK)
          break;
        pc = end;
        continue;
      }
      case OP_LOOKEND:
        r = RUN_OK;
        goto out;
      case OP_MATCH:
        if (pos != m->len)
          break;
        r = RUN_OK;
        goto out;
      default:
        break;
      }
      break; /* this way failed: try the next state on the stack */
    }
  }
out:
  m->top = base;
  return r;
}

/* A program with a single path, run straight: with nothing to go back to,
 * the first instruction that fails ends the match, as it would in run(),
 * and the steps (at most PATTERN_MAX_INSNS) stay far below the limit. Only
 * inputs of the length it consumes can match. */
static pattern_status match_linear(const pattern_prog *prog,
                                   const unsigned char *s, size_t len,
                                   bool icase) {
  if (len != prog->linear_len)
    return PATTERN_NO_MATCH;
  size_t pos = 0;
  for (size_t pc = 0; pc < prog->n_insns; pc++) {
    const pattern_insn *in = &prog->insn[pc];
    /* Never true (the consuming instructions take linear_len bytes in
     * all), but it keeps the reads visibly inside s[0..len). */
    if (pos >= len &&
        (in->op == OP_CHAR || in->op == OP_CLASS || in->op == OP_NCLASS))
      return PATTERN_NO_MATCH;
    switch (in->op) {
    case OP_CHAR:
      if (s[pos] != in->arg && !(icase && fold(s[pos]) == fold(in->arg)))
        return PATTERN_NO_MATCH;
      pos++;
      break;
    case OP_CLASS:
    case OP_NCLASS: {
      const uint8_t *bits = prog->classes[in->arg];
      unsigned ch = s[pos];
      bool in_class = has_bit(bits, ch) ||
                      (icase && is_letter(ch) && has_bit(bits, ch ^ 0x20u));
      if (in_class != (in->op == OP_CLASS))
        return PATTERN_NO_MATCH;
      pos++;
      break;
    }
    case OP_BOL:
      if (pos != 0)
        return PATTERN_NO_MATCH;
      break;
    case OP_EOL:
      if (pos != len)
        return PATTERN_NO_MATCH;
      break;
    case OP_MATCH:
      return pos == len ? PATTERN_MATCH : PATTERN_NO_MATCH;
    default:
      return PATTERN_NO_MATCH;
    }
  }
  return PATTERN_NO_MATCH;
}

pattern_status pattern_match(const pattern_prog *prog, const char *s,
                             size_t len, unsigned flags) {
  matcher m;
  if (!s)
    len = 0;
  if (len > PATTERN_MAX_INPUT)
    return PATTERN_TOO_LONG;
  if (prog->n_insns == 0 || prog->n_insns > PATTERN_MAX_INSNS)
    return PATTERN_NO_MATCH; /* not compiled, or the compile failed */
  if (prog->dfa_states && !(flags & PATTERN_NO_FAST_PATH)) {
    const uint8_t *symbol =
        prog->dfa_symbol[(flags & PATTERN_CASE_INSENSITIVE) != 0];
    const unsigned char *u = (const unsigned char *)s;
    unsigned st = 1;
    for (size_t i = 0; i < len && st; i++)
      st = prog->dfa_next[st][symbol[u[i]]];
    return (prog->dfa_accept >> st) & 1u ? PATTERN_MATCH : PATTERN_NO_MATCH;
  }
  if (prog->linear_len != PATTERN_NOT_LINEAR && !(flags & PATTERN_NO_FAST_PATH))
    return match_linear(prog, (const unsigned char *)s, len,
                        (flags & PATTERN_CASE_INSENSITIVE) != 0);
  m.prog = prog;
  m.s = (const unsigned char *)s;
  m.len = len;
  m.width = len + 1;
  m.icase = (flags & PATTERN_CASE_INSENSITIVE) != 0;
  m.steps = 0;
  m.top = 0;
  memset(m.tried, 0, (prog->n_insns * m.width + 7) / 8);
  switch (run(&m, 0, 0, 0)) {
  case RUN_OK:
    return PATTERN_MATCH;
  case RUN_LIMIT:
    return PATTERN_STEP_LIMIT;
  default:
    return PATTERN_NO_MATCH;
  }
}

static bool skipped(const uint64_t skip[2], unsigned char b) {
  return b < 128 && ((skip[b >> 6] >> (b & 63)) & 1u);
}

pattern_status pattern_match_skipping(const pattern_prog *prog, const char *s,
                                      size_t len, unsigned flags,
                                      const uint64_t skip[2], size_t *kept) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n = 0;
  if (!s)
    len = 0;
  if (prog->dfa_states && prog->n_insns && prog->n_insns <= PATTERN_MAX_INSNS &&
      !(flags & PATTERN_NO_FAST_PATH)) {
    const uint8_t *symbol =
        prog->dfa_symbol[(flags & PATTERN_CASE_INSENSITIVE) != 0];
    unsigned st = 1;
    /* On to the end even in the dead state: the count decides
     * PATTERN_TOO_LONG. */
    for (size_t i = 0; i < len; i++) {
      if (skipped(skip, u[i]))
        continue;
      n++;
      st = prog->dfa_next[st][symbol[u[i]]];
    }
    *kept = n;
    if (n > PATTERN_MAX_INPUT)
      return PATTERN_TOO_LONG;
    return (prog->dfa_accept >> st) & 1u ? PATTERN_MATCH : PATTERN_NO_MATCH;
  }
  char buf[PATTERN_MAX_INPUT];
  for (size_t i = 0; i < len; i++) {
    if (skipped(skip, u[i]))
      continue;
    if (n < sizeof buf)
      buf[n] = (char)u[i];
    n++;
  }
  *kept = n;
  if (n > PATTERN_MAX_INPUT)
    return PATTERN_TOO_LONG;
  return pattern_match(prog, buf, n, flags);
}
