/* A small, bounded regular-expression matcher for the format patterns of
 * the reference data (postcode formats). Internal to libsdq.
 *
 * The syntax is the subset of JavaScript (ECMAScript, non-Unicode mode)
 * regular expressions that the postcode formats use:
 *
 *   x            a literal: any printable ASCII character other than
 *                ^ $ \ . * + ? ( ) [ ] { } |
 *   \p           p taken literally, for p an ASCII punctuation character
 *                or space
 *   \d  \s       an ASCII digit; ASCII white space (space, \t \n \v \f \r)
 *   [...] [^...] a character class of literals, escapes, \d, \s and ranges
 *                a-z; "-" is literal first, last or right after a range;
 *                [] matches nothing, [^] any byte
 *   ^  $         start and end of the input
 *   (...) (?:...) a group (nothing is captured: both are the same here)
 *   (?!...)      negative lookahead
 *   a|b          alternation; an alternative may be empty
 *   ? * + {n} {n,} {n,m}   greedy quantifiers, n <= m <= 255
 *
 * Everything else is refused at compile time with PATTERN_ERR_UNSUPPORTED
 * (".", \w \b \D \S \n \t \x41 \0 \1 ..., lazy quantifiers "*?", "(?=",
 * "(?<", named groups, a quantified lookahead, a literal "{", "}" or "]"
 * outside a class, "[" inside one, [\d-x], control or non-ASCII bytes) or
 * PATTERN_ERR_SYNTAX (what JavaScript refuses too: unbalanced brackets,
 * nothing to repeat, a quantified ^ or $, {m,n} or a range out of order, a
 * trailing backslash).
 *
 * Matching is of the whole input: pattern_match() tells whether the input,
 * from its first byte to its last, can be matched - as if the pattern were
 * written ^(?:pattern)$; a pattern's own ^ and $ keep their meaning.
 * (postal-codes-js takes the match RegExp.exec() finds - the leftmost, by
 * the order of alternatives - and requires it to be the whole input. That
 * differs only for an unanchored pattern whose preferred match is a proper
 * prefix of a whole-input match. No postcode pattern has one: all but GB's
 * are anchored, and every match of GB's ends in a digit and two letters,
 * which no alternative of it has before its end.)
 *
 * With PATTERN_CASE_INSENSITIVE, ASCII letters match either case, in
 * literals, classes and lookaheads alike - JavaScript's "i" flag, which
 * folds no non-ASCII character onto an ASCII one. The input is taken as
 * bytes: no byte >= 0x80 matches anything but a negated class (which
 * matches each byte of a multi-byte UTF-8 character separately), and \s
 * knows only ASCII white space, where JavaScript's also matches U+00A0 and
 * other Unicode spaces.
 *
 * How: pattern_compile() turns the pattern into a program for a
 * backtracking machine (instructions and 256-bit class sets) in a
 * pattern_prog the caller provides: no allocation, ~2.9 KB, cheap enough to
 * compile on each use. Counted repetitions are expanded ("a{2,3}" is
 * "aa(?:a)?"). pattern_match() runs the program depth-first with an
 * explicit backtrack stack and a bit per (instruction, input offset) state
 * already tried (a state that failed once fails again: there are no
 * captures or back-references), so the main program makes at most
 * instructions x (length + 1) steps. A lookahead runs its body with a fresh
 * set of bits, by a recursive call of the runner whose depth is bounded by
 * PATTERN_MAX_LOOKAHEAD_NEST. On top of this, inputs longer than
 * PATTERN_MAX_INPUT bytes are refused without matching, and a match gives
 * up after PATTERN_MAX_STEPS instructions or with PATTERN_MAX_BACKTRACK
 * alternatives pending (PATTERN_STEP_LIMIT): whatever the pattern and the
 * input, a call ends quickly and uses ~3.2 KB of stack.
 *
 * Where that machine can never reach a limit and there is no lookahead
 * (all postcode formats but NL's), pattern_compile() also builds a
 * deterministic automaton (subset construction over the program, bounded
 * by PATTERN_DFA_STATES and PATTERN_DFA_SYMBOLS), and pattern_match() runs
 * that instead: one table step a byte, the same answers.
 *
 * No global state, no allocation, no locale: every function is thread-safe;
 * a compiled pattern_prog is read-only during matching and may be shared.
 */
#ifndef SDQ_CHECK_PATTERN_H
#define SDQ_CHECK_PATTERN_H

#include <stddef.h>
#include <stdint.h>

/* Limits. */
#define PATTERN_MAX_INSNS 128        /* instructions of a program */
#define PATTERN_MAX_CLASSES 16       /* distinct character classes */
#define PATTERN_MAX_REPEAT 255       /* n and m of {n,m} */
#define PATTERN_MAX_NEST 16          /* nesting of groups and lookaheads */
#define PATTERN_MAX_LOOKAHEAD_NEST 4 /* nesting of lookaheads */
#define PATTERN_MAX_INPUT 64         /* bytes of input pattern_match takes */
#define PATTERN_MAX_STEPS 100000     /* instructions one match may run */
#define PATTERN_MAX_BACKTRACK 1024   /* pending alternatives of a match */

/* Flags of pattern_match(). */
#define PATTERN_CASE_INSENSITIVE 1u
/* Runs the backtracking machine even where the straight-line path applies
 * (same results; for the tests that compare the two). */
#define PATTERN_NO_FAST_PATH 2u

typedef enum pattern_error {
  PATTERN_OK = 0,
  PATTERN_ERR_SYNTAX = 1,      /* not a valid regular expression */
  PATTERN_ERR_UNSUPPORTED = 2, /* valid, but outside the subset */
  PATTERN_ERR_TOO_LARGE = 3    /* over one of the limits above */
} pattern_error;

typedef enum pattern_status {
  PATTERN_NO_MATCH = 0,
  PATTERN_MATCH = 1,
  PATTERN_TOO_LONG = 2,  /* input over PATTERN_MAX_INPUT bytes: not tried */
  PATTERN_STEP_LIMIT = 3 /* gave up (steps or backtrack stack): no match */
} pattern_status;

#define PATTERN_NOT_LINEAR 0xFFFFu

/* Limits of the automaton pattern_compile() builds beside the program
 * (see pattern_prog): states, the dead one included, and byte classes. */
#define PATTERN_DFA_STATES 64
#define PATTERN_DFA_SYMBOLS 16

/* One instruction. Jumps are relative to the instruction, so that a block
 * of code can be copied as it is. */
typedef struct pattern_insn {
  uint8_t op;  /* enum in pattern.c */
  uint8_t arg; /* the byte of a literal, the index of a class */
  int16_t x;   /* jump: first choice of a split, end of a lookahead */
  int16_t y;   /* second choice of a split */
} pattern_insn;

/* A compiled pattern. Fill it with pattern_compile(); the fields are
 * internal. */
typedef struct pattern_prog {
  uint16_t n_insns; /* 0 when the last compile failed */
  uint16_t n_classes;
  /* A program without a branch or a lookahead ("^[0-9]{5}$"): the length
   * of the only inputs it can match; PATTERN_NOT_LINEAR otherwise. */
  uint16_t linear_len;
  pattern_insn insn[PATTERN_MAX_INSNS];
  uint8_t classes[PATTERN_MAX_CLASSES][32]; /* bit c: byte c is in it */
  /* The same language as a deterministic automaton, for programs without
   * a lookahead whose backtracking can never reach a limit (so that both
   * give the same answers); dfa_states is 0 when there is none. State 0
   * is dead, state 1 the start; dfa_symbol maps a byte (with and without
   * PATTERN_CASE_INSENSITIVE) to its class of bytes that every
   * instruction treats alike. One table load a byte instead of the
   * backtracking machine's ~30 instructions a step. */
  uint8_t dfa_states;
  uint64_t dfa_accept; /* bit s: state s at the end of the input matches */
  uint8_t dfa_symbol[2][256];
  uint8_t dfa_next[PATTERN_DFA_STATES][PATTERN_DFA_SYMBOLS];
} pattern_prog;

/* Compiles src[0..len) (no NUL terminator needed) into *prog. On error,
 * *prog matches nothing and, if error_offset is not NULL, *error_offset is
 * the offset in src where the error was found. */
pattern_error pattern_compile(pattern_prog *prog, const char *src, size_t len,
                              size_t *error_offset);

/* Whether the whole of s[0..len) matches the compiled pattern; flags is 0
 * or PATTERN_CASE_INSENSITIVE (and PATTERN_NO_FAST_PATH). Anything but
 * PATTERN_MATCH means no match.
 * A NULL s is taken as empty whatever len is. */
pattern_status pattern_match(const pattern_prog *prog, const char *s,
                             size_t len, unsigned flags);

/* pattern_match() on s[0..len) with the bytes in `skip` left out (bit c of
 * skip[c / 64], for ASCII bytes c; a postcode's redundant characters):
 * the same answer, without copying the rest out first where the automaton
 * runs. *kept is set to the number of bytes not left out. */
pattern_status pattern_match_skipping(const pattern_prog *prog, const char *s,
                                      size_t len, unsigned flags,
                                      const uint64_t skip[2], size_t *kept);

#endif
