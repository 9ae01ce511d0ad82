// nmap-os-match: an oracle for whorl's OS matcher, made of Nmap's own code.
//
// This file is whorl's. tools/nmap-oracle.sh (`matcher`) compiles it with the flags of a
// Nmap 7.95 build and links it with every object of that build but main.o, so what it
// prints is what Nmap's parse_fingerprint_file(), parse_single_fingerprint(),
// match_fingerprint() and expr_match() compute. It sends nothing: no scan, no socket.
//
//   nmap-os-match DB_FILE
//     Reads observed fingerprints from stdin, each ended by a line holding only `----`
//     (the last one may go without). A fingerprint is Nmap's printed form: tests such as
//     SCAN(...) SEQ(...) OPS(...), either one a line or wrapped as Nmap prints them
//     (lines prefixed `OS:`, cut at 71 characters). Every line loses its `OS:` prefix and
//     surrounding blanks, the lines are joined, and the text is cut after each `)` into
//     one test a line, which is what parse_single_fingerprint() reads. Blank lines and
//     lines starting with '#' are skipped. A SCAN test that Nmap's SCAN parser refuses is
//     dropped (with a note on stderr).
//     For each fingerprint, matched against DB_FILE with Nmap's threshold
//     (OSSCAN_GUESS_THRESHOLD, 0.85), it prints one line per match in Nmap's list order
//       <accuracy, %.6f>\t<line of the reference in DB_FILE>\t<OS name>
//     then
//       result=<success|no_matches|too_many_matches> perfect=<num_perfect_matches>
//       ----
//     A fingerprint that Nmap cannot parse (Nmap calls fatal(), or an assertion or an
//     exception stops it) prints no match line and `result=error perfect=0`; Nmap's
//     message goes to stderr. Each fingerprint is parsed and matched in a child process,
//     so such a failure does not end the run.
//
//   nmap-os-match --expr
//     Reads lines `observed<TAB>expression<TAB>nested` (nested is 0 or 1) and prints,
//     one a line, `1` or `0`: expr_match(observed, 0, expression, 0, nested).
//     `A` instead when nested is 1 and the expression has a '[' with no ']' after it:
//     Nmap's expr_match would assert(), so it is not called. `E` for a line that is not
//     three such fields.
//
//   nmap-os-match --version
//     Prints `nmap-os-match (Nmap <version>'s osscan)`.
//
// Exit status: 0, or 2 for a usage error; Nmap's own fatal() while reading DB_FILE exits 1.

#include "nmap.h"
#include "osscan.h"
#include "FingerPrintResults.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

const char kSeparator[] = "----";

std::string trim(const std::string &s) {
  size_t b = 0, e = s.size();
  while (b < e && isspace(static_cast<unsigned char>(s[b])))
    b++;
  while (e > b && isspace(static_cast<unsigned char>(s[e - 1])))
    e--;
  return s.substr(b, e - b);
}

// Drops a trailing "\r" (CRLF input) and the newline getline left.
std::string chomp(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.pop_back();
  return s;
}

// Writes all of s to fd 1 (not through stdio: a child leaves with _exit).
void write_all(const std::string &s) {
  const char *p = s.data();
  size_t left = s.size();
  while (left > 0) {
    ssize_t n = write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      perror("nmap-os-match: write");
      _exit(1);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

// Whether Nmap's SCAN parser takes the test "SCAN(...)" (parse_single_fingerprint()
// would call fatal() where it does not).
bool scan_parses(const std::string &test) {
  if (test.size() < 6 || test.compare(0, 5, "SCAN(") != 0 || test.back() != ')')
    return false;
  FingerPrintScan scan;
  const char *p = test.c_str() + 5;
  const char *end = test.c_str() + test.size() - 1;
  return scan.parse(p, end);
}

// The fingerprint as parse_single_fingerprint() reads it: one test a line.
std::string normalize(const std::vector<std::string> &lines) {
  std::string joined;
  for (const std::string &raw : lines) {
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#')
      continue;
    if (line.compare(0, 3, "OS:") == 0)
      line = trim(line.substr(3));
    joined += line;
  }
  std::string out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t close = joined.find(')', start);
    size_t end = close == std::string::npos ? joined.size() : close + 1;
    std::string test = trim(joined.substr(start, end - start));
    start = end;
    if (test.empty())
      continue;
    if (test.compare(0, 5, "SCAN(") == 0 && !scan_parses(test)) {
      fprintf(stderr, "nmap-os-match: dropping a SCAN test Nmap does not parse: %s\n",
              test.c_str());
      continue;
    }
    out += test;
    out += '\n';
  }
  return out;
}

const char *result_name(int overall) {
  switch (overall) {
  case OSSCAN_SUCCESS:
    return "success";
  case OSSCAN_NOMATCHES:
    return "no_matches";
  case OSSCAN_TOOMANYMATCHES:
    return "too_many_matches";
  default:
    return "unknown";
  }
}

// In the child: Nmap parses and matches; the whole answer is written at once at the end,
// so a fatal() on the way leaves nothing half printed.
void match_one(const FingerPrintDB *db, const std::string &text) {
  ObservationPrint *obs = parse_single_fingerprint(db, text.c_str());
  FingerPrintResultsIPv4 fpr;
  match_fingerprint(&obs->fp, &fpr, db, OSSCAN_GUESS_THRESHOLD);

  std::string out;
  char buf[64];
  for (int i = 0; i < fpr.num_matches; i++) {
    snprintf(buf, sizeof(buf), "%.6f\t%d\t", fpr.accuracy[i], fpr.matches[i]->line);
    out += buf;
    out += fpr.matches[i]->OS_name ? fpr.matches[i]->OS_name : "";
    out += '\n';
  }
  snprintf(buf, sizeof(buf), " perfect=%d\n", fpr.num_perfect_matches);
  out += "result=";
  out += result_name(fpr.overall_results);
  out += buf;
  write_all(out);
}

void run_one(const FingerPrintDB *db, const std::vector<std::string> &lines) {
  std::string text = normalize(lines);
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    perror("nmap-os-match: fork");
    exit(1);
  }
  if (pid == 0) {
    try {
      match_one(db, text);
    } catch (const std::exception &e) {
      fprintf(stderr, "nmap-os-match: Nmap threw %s\n", e.what());
      _exit(1);
    }
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      perror("nmap-os-match: waitpid");
      exit(1);
    }
  }
  if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
    if (WIFSIGNALED(status))
      fprintf(stderr, "nmap-os-match: Nmap stopped on signal %d for this fingerprint:\n%s",
              WTERMSIG(status), text.c_str());
    else
      fprintf(stderr, "nmap-os-match: Nmap could not parse this fingerprint:\n%s",
              text.c_str());
    write_all("result=error perfect=0\n");
  }
  write_all(std::string(kSeparator) + "\n");
}

int match_mode(const char *db_file) {
  FingerPrintDB *db = parse_fingerprint_file(db_file, false);
  if (db == NULL || db->MatchPoints == NULL) {
    fprintf(stderr, "nmap-os-match: %s has no MatchPoints\n", db_file);
    return 1;
  }
  std::vector<std::string> lines;
  bool content = false;
  std::string line;
  while (std::getline(std::cin, line)) {
    line = chomp(line);
    if (trim(line) == kSeparator) {
      run_one(db, lines); // every separator ends a fingerprint, even an empty one
      lines.clear();
      content = false;
      continue;
    }
    if (!trim(line).empty())
      content = true;
    lines.push_back(line);
  }
  if (content)
    run_one(db, lines);
  return 0;
}

// Nested matching asserts that every '[' it meets has a ']' after it; where the last '['
// has one, every '[' does.
bool nested_would_assert(const std::string &expr) {
  size_t open = expr.rfind('[');
  return open != std::string::npos && expr.find(']', open) == std::string::npos;
}

int expr_mode() {
  std::string line;
  std::string out;
  while (std::getline(std::cin, line)) {
    line = chomp(line);
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    std::string nested = t2 == std::string::npos ? "" : line.substr(t2 + 1);
    if (t2 == std::string::npos || (nested != "0" && nested != "1")) {
      fprintf(stderr, "nmap-os-match: not observed<TAB>expression<TAB>0|1: %s\n",
              line.c_str());
      std::cout << "E\n";
      continue;
    }
    std::string val = line.substr(0, t1);
    std::string expr = line.substr(t1 + 1, t2 - t1 - 1);
    bool do_nested = nested == "1";
    if (do_nested && nested_would_assert(expr)) {
      std::cout << "A\n";
      continue;
    }
    std::cout << (expr_match(val.c_str(), 0, expr.c_str(), 0, do_nested) ? "1\n" : "0\n");
  }
  std::cout.flush();
  return 0;
}

int usage() {
  fprintf(stderr, "usage: nmap-os-match DB_FILE <fingerprints\n"
                  "       nmap-os-match --expr <observed\\texpression\\tnested lines\n"
                  "       nmap-os-match --version\n");
  return 2;
}

} // namespace

int main(int argc, char *argv[]) {
  if (argc != 2)
    return usage();
  if (strcmp(argv[1], "--version") == 0) {
    printf("nmap-os-match (Nmap %s's osscan)\n", NMAP_VERSION);
    return 0;
  }
  if (strcmp(argv[1], "--expr") == 0)
    return expr_mode();
  if (argv[1][0] == '-')
    return usage();
  return match_mode(argv[1]);
}
