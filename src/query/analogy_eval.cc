#include "src/query/analogy_eval.h"

#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "src/query/case_fold.h"
#include "src/query/text_file.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// gensim scans this many candidates (its topn=5) for one that is not a case
// variant of a question word.
constexpr int kCandidates = 5;

double Ratio(int64_t num, int64_t den) {
  return den == 0 ? std::numeric_limits<double>::quiet_NaN()
                  : static_cast<double>(num) / static_cast<double>(den);
}

struct Question {
  int section;
  AnalogyQuestion rows;
  int32_t expected;
};

}  // namespace

double AnalogyCounts::accuracy() const { return Ratio(correct, evaluated); }
double AnalogyCounts::accuracy_all() const {
  return Ratio(correct, questions());
}

void AnalogyCounts::Add(const AnalogyCounts& other) {
  correct += other.correct;
  evaluated += other.evaluated;
  skipped += other.skipped;
}

bool AnalogySection::syntactic() const {
  return absl::StartsWith(name, "gram");
}

absl::StatusOr<AnalogyEvalResult> EvaluateAnalogies(
    const Embeddings& e, const std::string& path,
    const AnalogyEvalOptions& options) {
  if (options.restrict_vocab < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "restrict_vocab must be >= 1, got ", options.restrict_vocab));
  }
  ASSIGN_OR_RETURN(const std::string text, ReadTextFile(path, "analogy file"));
  const FoldedVocab vocab(e, options.restrict_vocab);
  AnalogyEvalResult result;
  std::vector<Question> questions;
  int64_t well_formed = 0;
  // The first malformed line, quoted when no line is well-formed.
  std::string first_malformed;
  const std::vector<absl::string_view> lines = SplitLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    if (absl::ConsumePrefix(&line, ": ")) {
      // gensim: line.lstrip(': ').strip()
      while (!line.empty() && (line.front() == ':' || line.front() == ' ')) {
        line.remove_prefix(1);
      }
      result.sections.push_back(
          {std::string(absl::StripAsciiWhitespace(line)), {}});
      continue;
    }
    const std::vector<absl::string_view> words = SplitPythonWhitespace(line);
    if (words.empty()) continue;
    if (result.sections.empty()) {
      return absl::DataLossError(
          absl::StrCat(path, ":", i + 1, ": ", QuoteLine(line),
                       " comes before the first ': section' header"));
    }
    if (words.size() != 4) {
      const std::string where = absl::StrCat(path, ":", i + 1, ": ");
      const std::string why =
          absl::StrCat("expected 4 words, got ", words.size());
      if (result.malformed++ == 0) {
        first_malformed = absl::StrCat(where, QuoteLine(line), ": ", why);
      }
      result.warnings.push_back(absl::StrCat(where, why, "; line skipped"));
      continue;
    }
    ++well_formed;
    int32_t rows[4];
    bool known = true;
    for (int w = 0; w < 4; ++w) {
      rows[w] = vocab.Find(PythonUpper(words[w]));
      known = known && rows[w] >= 0;
    }
    const int section = static_cast<int>(result.sections.size()) - 1;
    if (!known) {
      ++result.sections[section].counts.skipped;
      continue;
    }
    questions.push_back({section, {rows[0], rows[1], rows[2]}, rows[3]});
  }

  if (well_formed == 0) {
    return absl::DataLossError(
        first_malformed.empty()
            ? absl::StrCat("analogy file ", path,
                           " holds no questions; expected ': section' "
                           "headers, each followed by 'a b c d' lines")
            : absl::StrCat("analogy file ", path,
                           " holds no well-formed question; the first "
                           "malformed line is ",
                           first_malformed));
  }

  std::vector<AnalogyQuestion> batch;
  batch.reserve(questions.size());
  for (const Question& q : questions) batch.push_back(q.rows);
  const std::vector<std::vector<Neighbour>> answers =
      SolveAnalogies(e, batch, options.method, kCandidates, vocab.rows());
  for (size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    int32_t predicted = -1;
    for (const Neighbour& n : answers[i]) {
      predicted = vocab.Canonical(n.row);
      if (predicted != q.rows.a && predicted != q.rows.b &&
          predicted != q.rows.c) {
        break;
      }
    }
    AnalogyCounts& counts = result.sections[q.section].counts;
    ++counts.evaluated;
    if (predicted >= 0 && predicted == q.expected) ++counts.correct;
  }
  for (const AnalogySection& section : result.sections) {
    (section.syntactic() ? result.syntactic : result.semantic)
        .Add(section.counts);
    result.total.Add(section.counts);
  }
  return result;
}

}  // namespace nce2vec
