// Agreement with gensim: the same vector file, on the evaluation sets that
// ship with nce2vec (data/eval/), scored by our evaluation and by gensim's
// evaluate_word_analogies and evaluate_word_pairs. Skipped when
// /usr/bin/python3 lacks gensim.
//
// Tolerance: analogy counts (correct and evaluated, per group) must be equal;
// correlations within 1e-4 of gensim's (float32 cosines computed in a
// different order).
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "src/model/vectors_io.h"
#include "src/query/analogy_eval.h"
#include "src/query/embeddings.h"
#include "src/query/eval_sets.h"
#include "src/query/similarity_eval.h"
#include "src/util/rng.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

constexpr int kDim = 32;
constexpr int kRows = 3000;
constexpr int kRestrictVocab = 900;

// Scores argv[1] (word2vec text) on the sets of folder argv[2] with gensim,
// analogies over the first argv[3] rows, as one JSON object.
constexpr char kGensimScorer[] = R"(import json, sys
from gensim.models import KeyedVectors
vectors, eval_dir, restrict = sys.argv[1], sys.argv[2], int(sys.argv[3])
kv = KeyedVectors.load_word2vec_format(vectors, binary=False)
_, sections = kv.evaluate_word_analogies(
    eval_dir + "/questions-words.txt", restrict_vocab=restrict, case_insensitive=True)
counts = {"semantic": [0, 0], "syntactic": [0, 0], "total": [0, 0]}
for section in sections:
    if section["section"] == "Total accuracy":
        continue
    right, wrong = len(section["correct"]), len(section["incorrect"])
    group = "syntactic" if section["section"].startswith("gram") else "semantic"
    for name in (group, "total"):
        counts[name][0] += right
        counts[name][1] += right + wrong
scores = {"analogy": {"correct": counts["total"][0], "evaluated": counts["total"][1],
                      "semantic_evaluated": counts["semantic"][1],
                      "syntactic_evaluated": counts["syntactic"][1],
                      "semantic": counts["semantic"][0] / counts["semantic"][1],
                      "syntactic": counts["syntactic"][0] / counts["syntactic"][1]}}
for name in sys.argv[4:]:
    pearson, spearman, oov = kv.evaluate_word_pairs(
        eval_dir + "/" + name + ".txt", delimiter="\t", case_insensitive=True)
    scores[name] = {"spearman": float(spearman[0]), "pearson": float(pearson[0]),
                    "oov_pct": float(oov)}
print(json.dumps(scores))
)";

// "wordsim353" for "wordsim353.txt".
std::string SetName(absl::string_view file) {
  return std::string(file.substr(0, file.rfind('.')));
}

// The number after "key": in the part of `json` that follows `object`.
double JsonValue(const std::string& json, const std::string& object,
                 const std::string& key) {
  size_t at = json.find(absl::StrCat("\"", object, "\": {"));
  if (at == std::string::npos) return NAN;
  at = json.find(absl::StrCat("\"", key, "\": "), at);
  if (at == std::string::npos) return NAN;
  at += key.size() + 4;
  const size_t end = json.find_first_of(",}", at);
  double value;
  if (!absl::SimpleAtod(json.substr(at, end - at), &value)) return NAN;
  return value;
}

// Vectors for the eval vocabulary in which analogies partly hold: each
// question pulls its second word towards first word + a section offset, so
// gensim and we both score many questions right and many wrong. Case variants
// ("Paris" before "paris", "PARIS" after) test the first-row rule, and the
// rows beyond kRestrictVocab the restriction.
void WriteTestVectors(const std::string& eval_dir, const std::string& path) {
  const std::string questions =
      testing::ReadFileOrDie(eval_dir + "/questions-words.txt");
  std::vector<std::string> words;
  absl::flat_hash_set<std::string> seen;
  const auto add = [&](const std::string& w) {
    if (seen.insert(w).second) words.push_back(w);
  };
  for (absl::string_view line : absl::StrSplit(questions, '\n')) {
    if (line.empty() || line[0] == ':') continue;
    for (absl::string_view w : absl::StrSplit(line, ' ', absl::SkipEmpty())) {
      const std::string lower = absl::AsciiStrToLower(w);
      if (words.size() % 7 == 3) {
        add(absl::StrCat(absl::AsciiStrToUpper(lower.substr(0, 1)),
                         lower.substr(1)));
      }
      add(lower);
      if (words.size() % 11 == 5) add(absl::AsciiStrToUpper(lower));
    }
  }
  for (absl::string_view name : kSimilaritySetFiles) {
    const std::string pairs =
        testing::ReadFileOrDie(absl::StrCat(eval_dir, "/", name));
    for (absl::string_view line : absl::StrSplit(pairs, '\n')) {
      if (line.empty() || line[0] == '#') continue;
      const std::vector<std::string> f = absl::StrSplit(line, '\t');
      if (f.size() == 3) {
        add(f[0]);
        add(f[1]);
      }
    }
  }
  // Some question words end up beyond the restricted rows, and some pair
  // words beyond the file.
  if (words.size() > kRows) words.resize(kRows);
  for (int i = 0; words.size() < kRows; ++i) add(absl::StrCat("filler", i));

  absl::flat_hash_map<std::string, int> row;
  for (size_t i = 0; i < words.size(); ++i) row.emplace(words[i], i);
  Rng rng(20260101);
  Matrix m(kRows, kDim);
  for (int i = 0; i < kRows; ++i) {
    for (int j = 0; j < kDim; ++j) m.row(i)[j] = rng.UniformFloat() - 0.5f;
  }
  std::vector<float> offset(kDim);
  for (absl::string_view line : absl::StrSplit(questions, '\n')) {
    if (line.empty()) continue;
    if (line[0] == ':') {
      for (float& x : offset) x = rng.UniformFloat() - 0.5f;
      continue;
    }
    const std::vector<std::string> q = absl::StrSplit(line, ' ');
    const auto a = row.find(absl::AsciiStrToLower(q[0]));
    const auto b = row.find(absl::AsciiStrToLower(q[1]));
    if (a == row.end() || b == row.end()) continue;
    for (int j = 0; j < kDim; ++j) {
      float& y = m.row(b->second)[j];
      y = 0.6f * y + 0.4f * (m.row(a->second)[j] + offset[j]);
    }
  }
  ASSERT_TRUE(WriteVectors(path, words, m, VectorFormat::kText).ok());
}

TEST(QueryGensimTest, EvaluationAgreesWithGensim) {
  if (const std::string why = testing::PythonModuleMissing("gensim");
      !why.empty()) {
    GTEST_SKIP() << why;
  }
  const absl::StatusOr<EvalSetFiles> sets =
      LocateEvalSets(ThisProcessEvalDirSearch("", ""));
  ASSERT_TRUE(sets.ok()) << sets.status();
  ASSERT_EQ(sets->files.size(), 1 + kSimilaritySetFiles.size()) << sets->dir;
  const std::string& eval_dir = sets->dir;
  const std::string dir = testing::TempDir();
  const std::string vectors = dir + "/vectors.txt";
  WriteTestVectors(eval_dir, vectors);

  std::string names;
  for (absl::string_view file : kSimilaritySetFiles) {
    absl::StrAppend(&names, " ", SetName(file));
  }
  const std::string scorer =
      testing::WriteTempFile(dir, "gensim_scores.py", kGensimScorer);
  std::string json;
  ASSERT_EQ(
      testing::RunCommand(
          absl::StrCat("/usr/bin/python3 ", scorer, " ", vectors, " ", eval_dir,
                       " ", kRestrictVocab, names, " | tail -1"),
          &json),
      0)
      << json;

  absl::StatusOr<Embeddings> e = Embeddings::Load(vectors);
  ASSERT_TRUE(e.ok()) << e.status();
  AnalogyEvalOptions options;
  options.restrict_vocab = kRestrictVocab;
  const absl::StatusOr<AnalogyEvalResult> a =
      EvaluateAnalogies(*e, eval_dir + "/questions-words.txt", options);
  ASSERT_TRUE(a.ok()) << a.status();
  std::printf(
      "ours: %lld correct of %lld evaluated, %lld skipped; gensim: %s\n",
      static_cast<long long>(a->total.correct),
      static_cast<long long>(a->total.evaluated),
      static_cast<long long>(a->total.skipped), json.c_str());
  // The test is only meaningful with both right and wrong answers.
  EXPECT_GT(a->total.correct, 500);
  EXPECT_LT(a->total.correct, a->total.evaluated - 500);
  EXPECT_GT(a->total.skipped, 100);
  EXPECT_EQ(a->total.correct, JsonValue(json, "analogy", "correct")) << json;
  EXPECT_EQ(a->total.evaluated, JsonValue(json, "analogy", "evaluated"));
  EXPECT_EQ(a->semantic.evaluated,
            JsonValue(json, "analogy", "semantic_evaluated"));
  EXPECT_EQ(a->syntactic.evaluated,
            JsonValue(json, "analogy", "syntactic_evaluated"));
  EXPECT_DOUBLE_EQ(a->semantic.accuracy(),
                   JsonValue(json, "analogy", "semantic"));
  EXPECT_DOUBLE_EQ(a->syntactic.accuracy(),
                   JsonValue(json, "analogy", "syntactic"));

  for (absl::string_view file : kSimilaritySetFiles) {
    const std::string set = SetName(file);
    const absl::StatusOr<SimilarityResult> s =
        EvaluateSimilarity(*e, absl::StrCat(eval_dir, "/", file));
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_NEAR(s->spearman, JsonValue(json, set, "spearman"), 1e-4) << set;
    EXPECT_NEAR(s->pearson, JsonValue(json, set, "pearson"), 1e-4) << set;
    EXPECT_NEAR(s->oov_percent(), JsonValue(json, set, "oov_pct"), 1e-9) << set;
  }
}

}  // namespace
}  // namespace nce2vec
