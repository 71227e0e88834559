// fastText model files against their peers, and the commands that read them:
//   - our .bin read by `fasttext print-word-vectors` and by gensim's
//     load_facebook_vectors gives our vectors (max abs difference <= 1e-5)
//     for words in the vocabulary and unseen ones, non-ASCII included;
//   - a .bin trained by fastText, read by nce2vec, gives fastText's vectors:
//     `nce2vec vectors` prints the same bytes as print-word-vectors, and
//     writing the model back gives fastText's file byte for byte;
//   - nn, analogy, eval --model_file and vectors end to end, and their
//     errors.
// The peer tests are skipped, saying why, without `fasttext` in PATH or
// without gensim in /usr/bin/python3 (Debian's: apt-get install fasttext
// python3-gensim).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/model/fasttext_model.h"
#include "src/model/vectors_io.h"
#include "src/query/subword_vectors.h"
#include "src/util/rng.h"
#include "tests/fasttext_test_model.h"
#include "tests/test_util.h"

namespace nce2vec {
namespace {

using ::testing::HasSubstr;

constexpr char kPython[] = "/usr/bin/python3";

// Prints, for the model argv[1] and the words of file argv[2] (one a line),
// "count WORD<TAB>N" per vocabulary word in gensim's order, then "vector
// WORD<TAB>v1 v2 ..." (full float32 precision) or "missing WORD" per word.
// Loads the full model too, as load_facebook_model.
constexpr char kGensimVectors[] = R"(import sys
from gensim.models.fasttext import load_facebook_model, load_facebook_vectors
kv = load_facebook_vectors(sys.argv[1])
full = load_facebook_model(sys.argv[1])
assert len(full.wv) == len(kv), (len(full.wv), len(kv))
out = []
for w in kv.index_to_key:
    out.append("count %s\t%d" % (w, kv.get_vecattr(w, "count")))
with open(sys.argv[2], encoding="utf-8") as f:
    for w in f.read().split("\n"):
        if not w:
            continue
        try:
            v = kv[w]
        except KeyError:
            out.append("missing " + w)
            continue
        out.append("vector %s\t%s" % (w, " ".join(repr(float(x)) for x in v)))
sys.stdout.buffer.write(("\n".join(out) + "\n").encode("utf-8"))
)";

bool HaveFastText() {
  std::string out;
  return testing::RunCommand("command -v fasttext", &out) == 0;
}

bool HaveGensim() {
  std::string out;
  return testing::RunCommand(absl::StrCat(kPython, " -c 'import gensim' 2>&1"),
                             &out) == 0;
}

using VectorTable = absl::flat_hash_map<std::string, std::vector<double>>;

// "word v1 v2 ... \n" lines, as print-word-vectors and nce2vec vectors
// print them.
VectorTable ParseWordVectors(const std::string& text) {
  VectorTable table;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    std::vector<double>& v = table[fields[0]];
    for (size_t i = 1; i < fields.size(); ++i) {
      double x;
      EXPECT_TRUE(absl::SimpleAtod(fields[i], &x)) << line;
      v.push_back(x);
    }
  }
  return table;
}

// Our vector of each word, computed in-process from the file.
VectorTable OurVectors(const std::string& path,
                       const std::vector<std::string>& words) {
  absl::StatusOr<SubwordVectors> model = SubwordVectors::Load(path);
  EXPECT_TRUE(model.ok()) << model.status();
  VectorTable table;
  if (!model.ok()) return table;
  std::vector<float> out(model->stride());
  for (const std::string& w : words) {
    if (!model->Vector(w, out.data()).ok()) continue;
    table[w].assign(out.begin(), out.begin() + model->dim());
  }
  return table;
}

// The largest |a - b| over the words of `expected`, each of which `actual`
// must have with the same dimension.
double MaxAbsDifference(const VectorTable& expected,
                        const VectorTable& actual) {
  double max = 0.0;
  for (const auto& [word, v] : expected) {
    const auto it = actual.find(word);
    EXPECT_NE(it, actual.end()) << "no vector for " << word;
    if (it == actual.end()) continue;
    EXPECT_EQ(it->second.size(), v.size()) << word;
    for (size_t j = 0; j < v.size() && j < it->second.size(); ++j) {
      max = std::max(max, std::fabs(v[j] - it->second[j]));
    }
  }
  return max;
}

// `ours` printed as "word v1 v2 ..." lines with fastText's 5 significant
// digits: each value within what those digits can say.
void ExpectPrintedAs(const VectorTable& ours, const std::string& printed) {
  const VectorTable table = ParseWordVectors(printed);
  for (const auto& [word, v] : ours) {
    const auto it = table.find(word);
    ASSERT_NE(it, table.end()) << "not printed: " << word;
    const std::vector<double>& p = it->second;
    ASSERT_EQ(p.size(), v.size());
    for (size_t j = 0; j < v.size(); ++j) {
      EXPECT_NEAR(v[j], p[j], 1e-7 + 5e-5 * std::fabs(p[j])) << word;
    }
  }
}

class FastTextCompatTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::TempDir(); }

  std::string WriteModel(const FastTextModel& model, const std::string& name) {
    const std::string path = dir_ + "/" + name;
    const absl::Status s = WriteFastTextModel(path, ViewOf(model));
    EXPECT_TRUE(s.ok()) << s;
    return path;
  }

  // Runs a shell command with `stdin_text` as its input; stdout in *out.
  int Run(const std::string& command, const std::string& stdin_text,
          std::string* out) {
    const std::string in =
        testing::WriteTempFile(dir_, "stdin.txt", stdin_text);
    return testing::RunCommand(
        absl::StrCat("(", command, " <", in, " 2>", dir_, "/stderr.txt)"), out);
  }
  std::string Stderr() { return testing::ReadFileOrDie(dir_ + "/stderr.txt"); }

  std::string dir_;
};

// Words in the model's vocabulary, then unseen ones: ASCII, é, ü, CJK.
std::vector<std::string> QueryWords() {
  std::vector<std::string> words = testing::NonAsciiWords();
  for (const char* w : {"cats", "caf\xc3\xa9s",
                        "\xc3\xbc"
                        "bers",
                        "\xe6\x97\xa5\xe6\x9c\xac",  // 日本
                        "runner", "x"}) {
    words.push_back(w);
  }
  return words;
}

FastTextModel SubwordModel() {
  FastTextModel m = testing::RandomFastTextModel(
      testing::NonAsciiWords(), 10, {.minn = 3, .maxn = 6, .bucket = 1000});
  m.args.loss = FastTextLoss::kSoftmax;  // what infonce and softmax write
  return m;
}

TEST_F(FastTextCompatTest, FastTextReadsOurModelAsWeDo) {
  if (!HaveFastText()) {
    GTEST_SKIP() << "fasttext is not in PATH (apt-get install fasttext)";
  }
  const std::string path = WriteModel(SubwordModel(), "ours.bin");
  const std::string words = absl::StrJoin(QueryWords(), "\n") + "\n";
  std::string theirs;
  ASSERT_EQ(Run("fasttext print-word-vectors " + path, words, &theirs), 0)
      << Stderr();
  const VectorTable ours = OurVectors(path, QueryWords());
  ASSERT_EQ(ours.size(), QueryWords().size());
  EXPECT_LE(MaxAbsDifference(ours, ParseWordVectors(theirs)), 1e-5);

  // Our command prints the very bytes fastText prints.
  std::string printed;
  ASSERT_EQ(Run(testing::Nce2vecBinary() + " vectors --model_file " + path,
                words, &printed),
            0)
      << Stderr();
  EXPECT_EQ(printed, theirs);
}

TEST_F(FastTextCompatTest, GensimReadsOurModelAsWeDo) {
  if (!HaveGensim()) {
    GTEST_SKIP() << kPython
                 << " cannot import gensim (apt-get install python3-gensim)";
  }
  const FastTextModel model = SubwordModel();
  const std::string path = WriteModel(model, "ours.bin");
  const std::string script =
      testing::WriteTempFile(dir_, "gensim_vectors.py", kGensimVectors);
  const std::string words = testing::WriteTempFile(
      dir_, "words.txt", absl::StrJoin(QueryWords(), "\n") + "\n");
  std::string out;
  ASSERT_EQ(
      Run(absl::StrCat(kPython, " ", script, " ", path, " ", words), "", &out),
      0)
      << Stderr();
  std::vector<std::string> vocab;
  VectorTable gensim;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    const std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (absl::ConsumePrefix(&line, "count ")) {
      vocab.emplace_back(line.substr(0, line.find('\t')));
      int64_t count;
      ASSERT_TRUE(absl::SimpleAtoi(f[1], &count)) << line;
      EXPECT_EQ(count, model.counts[vocab.size() - 1]) << line;
    } else if (absl::ConsumePrefix(&line, "vector ")) {
      std::vector<double>& v = gensim[line.substr(0, line.find('\t'))];
      for (absl::string_view x : absl::StrSplit(f[1], ' ')) {
        double value;
        ASSERT_TRUE(absl::SimpleAtod(x, &value)) << line;
        v.push_back(value);
      }
    } else {
      ADD_FAILURE() << "gensim has no vector: " << line;
    }
  }
  EXPECT_EQ(vocab, model.words);
  const VectorTable ours = OurVectors(path, QueryWords());
  EXPECT_EQ(gensim.size(), ours.size());
  EXPECT_LE(MaxAbsDifference(ours, gensim), 1e-5);
}

TEST_F(FastTextCompatTest, WordOnlyModelReadsTheSameEverywhere) {
  const bool fasttext = HaveFastText();
  const bool gensim = HaveGensim();
  if (!fasttext && !gensim) {
    GTEST_SKIP() << "neither fasttext nor gensim (" << kPython
                 << ") is installed";
  }
  const FastTextModel model =
      testing::RandomFastTextModel(testing::NonAsciiWords(), 5, {});
  const std::string path = WriteModel(model, "words.bin");
  const std::vector<std::string> words = testing::NonAsciiWords();
  const VectorTable ours = OurVectors(path, words);
  std::string out;
  if (fasttext) {
    ASSERT_EQ(Run("fasttext print-word-vectors " + path,
                  absl::StrJoin(words, "\n"), &out),
              0)
        << Stderr();
    EXPECT_LE(MaxAbsDifference(ours, ParseWordVectors(out)), 1e-5);
  }
  if (gensim) {
    const std::string script =
        testing::WriteTempFile(dir_, "gensim_vectors.py", kGensimVectors);
    const std::string list = testing::WriteTempFile(
        dir_, "words.txt", absl::StrJoin(words, "\n") + "\nunseen\n");
    ASSERT_EQ(
        Run(absl::StrCat(kPython, " ", script, " ", path, " ", list), "", &out),
        0)
        << Stderr();
    // Without n-grams an unseen word has no vector, in gensim as here.
    EXPECT_THAT(out, HasSubstr("missing unseen\n"));
    EXPECT_THAT(out, HasSubstr("vector the\t"));
  }
}

// A corpus with enough repetition for fastText to keep every word.
std::string TinyCorpus() {
  const std::vector<std::string> words = {
      "the",
      "cat",
      "sat",
      "on",
      "mat",
      "dog",
      "runs",
      "running",
      "runner",
      "walked",
      "walking",
      "house",
      "houses",
      "caf\xc3\xa9",
      "\xc3\xbc"
      "ber",
      "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"};
  Rng rng(5);
  std::string text;
  for (int line = 0; line < 400; ++line) {
    const int n = 3 + static_cast<int>(rng.Uniform(10));
    for (int i = 0; i < n; ++i) {
      absl::StrAppend(&text, i > 0 ? " " : "",
                      words[rng.Uniform(words.size())]);
    }
    text += "\n";
  }
  return text;
}

TEST_F(FastTextCompatTest, WeReadFastTextsModelAsFastTextDoes) {
  if (!HaveFastText()) {
    GTEST_SKIP() << "fasttext is not in PATH (apt-get install fasttext)";
  }
  const std::string corpus =
      testing::WriteTempFile(dir_, "corpus.txt", TinyCorpus());
  std::string out;
  ASSERT_EQ(
      Run(absl::StrCat("fasttext skipgram -input ", corpus, " -output ", dir_,
                       "/ft -dim 12 -epoch 1 -minCount 1 -minn 2 "
                       "-maxn 5 -bucket 5000 -thread 1 -verbose 0"),
          "", &out),
      0)
      << Stderr();
  const std::string path = dir_ + "/ft.bin";
  absl::StatusOr<FastTextModel> model = ReadFastTextModel(path);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->words[0], "</s>");  // fastText's sentence ends
  EXPECT_EQ(model->args.subwords.minn, 2);
  EXPECT_EQ(model->input.rows(), 17 + 5000);

  // Written back, it is fastText's file, byte for byte.
  const std::string copy = dir_ + "/copy.bin";
  ASSERT_TRUE(WriteFastTextModel(copy, ViewOf(*model)).ok());
  EXPECT_TRUE(testing::ReadFileOrDie(copy) == testing::ReadFileOrDie(path));

  std::vector<std::string> words = model->words;
  for (const char* w : {"cats", "caf\xc3\xa9s", "\xe6\x97\xa5", "unseenword"}) {
    words.push_back(w);
  }
  const std::string input = absl::StrJoin(words, "\n") + "\n";
  std::string theirs;
  ASSERT_EQ(Run("fasttext print-word-vectors " + path, input, &theirs), 0)
      << Stderr();
  std::string printed;
  ASSERT_EQ(Run(testing::Nce2vecBinary() + " vectors --model_file " + path,
                input, &printed),
            0)
      << Stderr();
  EXPECT_EQ(printed, theirs);
  const VectorTable ours = OurVectors(path, words);
  ASSERT_EQ(ours.size(), words.size());
  ExpectPrintedAs(ours, theirs);
}

// `train --output_model` end to end: the .bin of a run with n-grams gives,
// read by nce2vec in-process, by `nce2vec vectors` and by fastText, the
// vectors the run wrote for its vocabulary (--output, composed from the
// trained rows in memory), and the same vectors for unseen words, non-ASCII
// included, everywhere.
TEST_F(FastTextCompatTest, TrainedModelGivesTheRunsVectors) {
  const std::string corpus =
      testing::WriteTempFile(dir_, "corpus.txt", TinyCorpus());
  const std::string vec = dir_ + "/trained.txt";
  const std::string bin = dir_ + "/trained.bin";
  std::string out;
  ASSERT_EQ(Run(absl::StrCat(testing::Nce2vecBinary(), " train --input ",
                             corpus, " --output ", vec, " --output_model ", bin,
                             " --min_count 1 --dim 12 --epochs 2 --threads 1 "
                             "--maxn 5 --bucket 5000 --objective infonce"),
                "", &out),
            0)
      << Stderr();
  absl::StatusOr<WordVectors> trained = ReadVectors(vec);
  ASSERT_TRUE(trained.ok()) << trained.status();
  absl::StatusOr<FastTextModel> model = ReadFastTextModel(bin);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ(model->words, trained->words);
  EXPECT_EQ(model->args.subwords.minn, 3);
  EXPECT_EQ(model->args.subwords.maxn, 5);
  EXPECT_EQ(model->args.loss, FastTextLoss::kSoftmax);  // infonce's entry
  EXPECT_EQ(model->input.rows(), trained->words.size() + 5000);
  VectorTable run;
  for (size_t i = 0; i < trained->words.size(); ++i) {
    const float* row = trained->vectors.row(static_cast<int64_t>(i));
    run[trained->words[i]].assign(row, row + trained->dim());
  }
  std::vector<std::string> words = trained->words;
  for (const char* w : {"cats", "caf\xc3\xa9s",
                        "\xc3\xbc"
                        "bers",
                        "\xe6\x97\xa5\xe6\x9c\xac", "walkers"}) {
    words.push_back(w);
  }
  const VectorTable ours = OurVectors(bin, words);
  ASSERT_EQ(ours.size(), words.size());
  EXPECT_LE(MaxAbsDifference(run, ours), 1e-5);

  const std::string input = absl::StrJoin(words, "\n") + "\n";
  std::string printed;
  ASSERT_EQ(Run(testing::Nce2vecBinary() + " vectors --model_file " + bin,
                input, &printed),
            0)
      << Stderr();
  ExpectPrintedAs(ours, printed);
  if (!HaveFastText()) {
    GTEST_SKIP() << "checked nce2vec's readers only: fasttext is not in PATH "
                    "(apt-get install fasttext)";
  }
  std::string theirs;
  ASSERT_EQ(Run("fasttext print-word-vectors " + bin, input, &theirs), 0)
      << Stderr();
  EXPECT_EQ(printed, theirs);
  ExpectPrintedAs(ours, theirs);
}

class ModelCommandsTest : public FastTextCompatTest {
 protected:
  void SetUp() override {
    FastTextCompatTest::SetUp();
    model_ = WriteModel(SubwordModel(), "m.bin");
  }
  std::string Nce2vec(const std::string& args) {
    return absl::StrCat("NCE2VEC_EVAL_DIR=/nonexistent ",
                        testing::Nce2vecBinary(), " ", args);
  }
  std::string model_;
};

TEST_F(ModelCommandsTest, NnAndAnalogyAnswerUnseenWords) {
  std::string out;
  ASSERT_EQ(
      Run(Nce2vec("nn --k 2 --model_file " + model_), "cats\nthe\n", &out), 0)
      << Stderr();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4) << out;
  EXPECT_THAT(out, HasSubstr("cats\t1\t"));
  ASSERT_EQ(
      Run(Nce2vec("nn --json --k 1 --model_file " + model_), "cats\n", &out),
      0);
  EXPECT_THAT(out, HasSubstr("\"composed\": [\"cats\"]"));
  ASSERT_EQ(Run(Nce2vec("analogy --k 1 --model_file " + model_),
                "the cats caf\xc3\xa9\n", &out),
            0)
      << Stderr();
  EXPECT_THAT(out, HasSubstr("the cats caf\xc3\xa9\t1\t"));
}

TEST_F(ModelCommandsTest, EvalCountsThePairsThatNeededSubwords) {
  const std::string set = testing::WriteTempFile(
      dir_, "pairs.txt", "the\tcat\t9\ncats\tthe\t7\nwalks\trunner\t2\n");
  std::string out;
  ASSERT_EQ(Run(Nce2vec("eval --similarity " + set + " --model_file " + model_),
                "", &out),
            0)
      << Stderr();
  EXPECT_THAT(out, HasSubstr("model: " + model_));
  EXPECT_THAT(out, HasSubstr("subword"));
  ASSERT_EQ(Run(Nce2vec("eval --json --similarity " + set + " --model_file " +
                        model_),
                "", &out),
            0);
  EXPECT_THAT(out, HasSubstr("\"evaluated\": 3, \"oov\": 0, \"subword\": 2"));
}

TEST_F(ModelCommandsTest, VectorsReportsAWordWithoutAVector) {
  const std::string words_only =
      WriteModel(testing::RandomFastTextModel({"a", "b"}, 3, {}), "w.bin");
  std::string out;
  ASSERT_EQ(
      Run(Nce2vec("vectors --model_file " + words_only), "a zz b\n", &out), 0);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2) << out;
  EXPECT_THAT(Stderr(),
              HasSubstr("word 'zz' is not in the vocabulary and has no "
                        "n-gram in the model"));
  EXPECT_THAT(Stderr(), HasSubstr("1 of 3 words have no vector"));
}

TEST_F(ModelCommandsTest, BadFlagsAndFilesAreErrors) {
  std::string out;
  const std::string vectors =
      testing::WriteTempFile(dir_, "v.txt", "1 2\nthe 1 2\n");
  EXPECT_EQ(Run(Nce2vec("nn --vectors " + vectors + " --model_file " + model_),
                "the\n", &out),
            2);
  EXPECT_THAT(Stderr(), HasSubstr("query one or the other"));
  EXPECT_EQ(Run(Nce2vec("vectors"), "the\n", &out), 2);
  EXPECT_THAT(Stderr(), HasSubstr("--model_file is required"));
  EXPECT_EQ(Run(Nce2vec("vectors --model_file " + vectors), "the\n", &out), 1);
  EXPECT_THAT(Stderr(), HasSubstr(vectors + ": byte offset 0: not a fastText "
                                            "model"));
  std::string truncated = testing::ReadFileOrDie(model_);
  truncated.resize(truncated.size() - 3);
  const std::string cut = testing::WriteTempFile(dir_, "cut.bin", truncated);
  EXPECT_EQ(
      Run(Nce2vec("eval --similarity " + vectors + " --model_file " + cut), "",
          &out),
      1);
  EXPECT_THAT(Stderr(), HasSubstr("truncated"));
  EXPECT_EQ(Run(Nce2vec("vectors --vectors " + vectors), "", &out), 2);
  EXPECT_THAT(Stderr(), HasSubstr("unknown flag --vectors"));
}

}  // namespace
}  // namespace nce2vec
