// nce2vec eval: scores vectors on word-analogy and word-similarity sets, with
// the numbers gensim's evaluate_word_analogies / evaluate_word_pairs give
// (see src/query/analogy_eval.h and similarity_eval.h).
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "src/query/analogy_eval.h"
#include "src/query/similarity_eval.h"
#include "src/query/text_file.h"
#include "src/util/json.h"
#include "src/util/status_macros.h"
#include "tools/command.h"
#include "tools/eval_flags.h"
#include "tools/query_flags.h"

ABSL_FLAG(std::string, analogies, "",
          "Analogy questions in word2vec's questions-words.txt format "
          "(without it and --similarity: every set of --eval_dir)");
ABSL_FLAG(std::vector<std::string>, similarity, {},
          "Word-similarity files, comma-separated: 'word1<TAB>word2<TAB>score' "
          "lines, '#' comments (without it and --analogies: every set of "
          "--eval_dir)");
ABSL_FLAG(int64_t, restrict_vocab, 30000,
          "Analogies: only questions whose words are among the first N rows "
          "are evaluated, and answers are searched there (word2vec's "
          "compute-accuracy and gensim use 30000)");
ABSL_FLAG(int64_t, similarity_restrict_vocab,
          nce2vec::kGensimPairsRestrictVocab,
          "Similarity sets: words are looked up among the first N rows "
          "(gensim's evaluate_word_pairs default)");

namespace nce2vec {

const FlagGroup& EvalFlags() {
  static const auto* group = new FlagGroup(
      MakeFlagGroup(FLAGS_analogies, FLAGS_similarity, FLAGS_restrict_vocab,
                    FLAGS_similarity_restrict_vocab));
  return *group;
}
namespace {

// Every standard set of --eval_dir (or the default folder) when neither
// --analogies nor --similarity names a file.
absl::Status DefaultSets(std::string* analogies,
                         std::vector<std::string>* similarity) {
  ASSIGN_OR_RETURN(const EvalSetFiles sets, EvalSetsFromFlags());
  *analogies = sets.analogies();
  *similarity = sets.similarity();
  return absl::OkStatus();
}

// "wordsim353" for ".../wordsim353.txt", as eval_vectors.py names its sets.
std::string SetName(const std::string& path) {
  absl::string_view name = path;
  const size_t slash = name.rfind('/');
  if (slash != absl::string_view::npos) name.remove_prefix(slash + 1);
  absl::ConsumeSuffix(&name, ".txt") || absl::ConsumeSuffix(&name, ".tsv");
  return std::string(name);
}

std::string Percent(double ratio) {
  return std::isnan(ratio) ? "-" : absl::StrFormat("%.2f%%", 100.0 * ratio);
}

std::string CountsJson(const AnalogyCounts& c) {
  return JsonObject()
      .Add("accuracy", c.accuracy())
      .Add("correct", c.correct)
      .Add("evaluated", c.evaluated)
      .Add("skipped_oov", c.skipped)
      .Add("accuracy_all", c.accuracy_all())
      .str();
}

std::string AnalogyJson(const AnalogyEvalResult& r, const std::string& path,
                        int64_t restrict_vocab) {
  std::string sections;
  for (const AnalogySection& s : r.sections) {
    absl::StrAppend(&sections, sections.empty() ? "" : ", ",
                    JsonObject()
                        .Add("section", s.name)
                        .Add("syntactic", s.syntactic())
                        .AddRaw("counts", CountsJson(s.counts))
                        .str());
  }
  return JsonObject()
      .Add("file", path)
      .Add("semantic", r.semantic.accuracy())
      .Add("syntactic", r.syntactic.accuracy())
      .Add("total", r.total.accuracy())
      .Add("correct", r.total.correct)
      .Add("evaluated", r.total.evaluated)
      .Add("semantic_evaluated", r.semantic.evaluated)
      .Add("syntactic_evaluated", r.syntactic.evaluated)
      .Add("skipped_oov", r.total.skipped)
      .Add("questions", r.total.questions())
      .Add("coverage", static_cast<double>(r.total.evaluated) /
                           std::max<int64_t>(1, r.total.questions()))
      .Add("total_all", r.total.accuracy_all())
      .Add("malformed", r.malformed)
      .Add("restrict_vocab", restrict_vocab)
      .AddRaw("sections", absl::StrCat("[", sections, "]"))
      .str();
}

void PrintCounts(const std::string& name, const AnalogyCounts& c) {
  std::printf("  %-30s %8lld %10lld %8lld %9s %9s\n", name.c_str(),
              static_cast<long long>(c.correct),
              static_cast<long long>(c.evaluated),
              static_cast<long long>(c.skipped), Percent(c.accuracy()).c_str(),
              Percent(c.accuracy_all()).c_str());
}

void PrintAnalogies(const AnalogyEvalResult& r, const std::string& path,
                    int64_t restrict_vocab) {
  std::printf("analogies: %s (3CosAdd over the first %lld rows)\n",
              path.c_str(), static_cast<long long>(restrict_vocab));
  std::printf("  %-30s %8s %10s %8s %9s %9s\n", "section", "correct",
              "evaluated", "skipped", "accuracy", "over all");
  for (const AnalogySection& s : r.sections) PrintCounts(s.name, s.counts);
  PrintCounts("semantic", r.semantic);
  PrintCounts("syntactic", r.syntactic);
  PrintCounts("total", r.total);
  std::printf(
      "  accuracy %s over %lld evaluated questions, %s over all %lld "
      "(%lld skipped as out of vocabulary)",
      Percent(r.total.accuracy()).c_str(),
      static_cast<long long>(r.total.evaluated),
      Percent(r.total.accuracy_all()).c_str(),
      static_cast<long long>(r.total.questions()),
      static_cast<long long>(r.total.skipped));
  if (r.malformed > 0) {
    std::printf("; %lld malformed lines skipped",
                static_cast<long long>(r.malformed));
  }
  std::printf("\n");
}

std::string SimilarityJson(const SimilarityResult& r, const std::string& path,
                           bool model) {
  JsonObject json;
  json.Add("file", path)
      .Add("spearman", r.spearman)
      .Add("pearson", r.pearson)
      .Add("oov_pct", r.oov_percent())
      .Add("pairs", r.pairs)
      .Add("evaluated", r.evaluated)
      .Add("oov", r.oov);
  if (model) json.Add("subword", r.subword);
  return json.Add("malformed", r.malformed).str();
}

void PrintWarnings(const std::vector<std::string>& warnings) {
  for (const std::string& w : warnings) {
    std::fprintf(stderr, "nce2vec eval: warning: %s\n", w.c_str());
  }
}

}  // namespace

absl::Status RunEval(const Invocation& invocation) {
  const std::vector<char*>& args = invocation.args;
  if (!args.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", args[0],
                     "'; evaluation files go in --analogies and --similarity"));
  }
  std::string analogies = absl::GetFlag(FLAGS_analogies);
  std::vector<std::string> similarity = absl::GetFlag(FLAGS_similarity);
  const int64_t restrict_vocab = absl::GetFlag(FLAGS_restrict_vocab);
  const int64_t pairs_restrict = absl::GetFlag(FLAGS_similarity_restrict_vocab);
  if (restrict_vocab < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--restrict_vocab must be >= 1, got ", restrict_vocab));
  }
  if (pairs_restrict < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--similarity_restrict_vocab must be >= 1, got ", pairs_restrict));
  }
  if (analogies.empty() && similarity.empty()) {
    RETURN_IF_ERROR(DefaultSets(&analogies, &similarity));
  } else if (!absl::GetFlag(FLAGS_eval_dir).empty()) {
    return absl::InvalidArgumentError(
        "--eval_dir selects the standard sets, --analogies and --similarity "
        "name files: give one or the other");
  }
  // Bad paths fail before the vectors load, not after minutes of it.
  if (!analogies.empty()) {
    RETURN_IF_ERROR(CheckReadableFile(analogies, "analogy file"));
  }
  for (const std::string& path : similarity) {
    RETURN_IF_ERROR(CheckReadableFile(path, "similarity file"));
  }
  const bool json = absl::GetFlag(FLAGS_json);
  const absl::Time load_start = absl::Now();
  ASSIGN_OR_RETURN(const Embeddings e, LoadEmbeddingsFromFlags(false));
  const double load_seconds = absl::ToDoubleSeconds(absl::Now() - load_start);
  const absl::Time eval_start = absl::Now();

  // Every set is scored before anything is printed, so that a bad set
  // leaves no partial report behind.
  std::optional<AnalogyEvalResult> analogy_result;
  if (!analogies.empty()) {
    AnalogyEvalOptions options;
    options.restrict_vocab = restrict_vocab;
    ASSIGN_OR_RETURN(analogy_result, EvaluateAnalogies(e, analogies, options));
    PrintWarnings(analogy_result->warnings);
  }
  std::vector<SimilarityResult> similarity_results;
  for (const std::string& path : similarity) {
    ASSIGN_OR_RETURN(SimilarityResult r,
                     EvaluateSimilarity(e, path, pairs_restrict));
    PrintWarnings(r.warnings);
    similarity_results.push_back(std::move(r));
  }

  // From a model, a similarity pair's word outside the vocabulary has the
  // vector of its n-grams; analogies stay among the vocabulary's rows.
  const bool model = e.model() != nullptr;
  const std::string source =
      model ? absl::GetFlag(FLAGS_model_file) : absl::GetFlag(FLAGS_vectors);
  JsonObject report;
  report.Add(model ? "model" : "vectors", source)
      .Add("vocab", e.size())
      .Add("dim", e.dim());
  if (!json) {
    std::printf("%s: %s (%lld words x %d dims, loaded in %.3f s)\n",
                model ? "model" : "vectors", source.c_str(),
                static_cast<long long>(e.size()), e.dim(), load_seconds);
  }
  if (analogy_result.has_value()) {
    if (json) {
      report.AddRaw("analogy",
                    AnalogyJson(*analogy_result, analogies, restrict_vocab));
    } else {
      PrintAnalogies(*analogy_result, analogies, restrict_vocab);
    }
  }
  if (!similarity.empty() && !json) {
    if (model) {
      std::printf(
          "similarity (words among the first %lld rows, any other from the "
          "model: 'subword' pairs):\n",
          static_cast<long long>(pairs_restrict));
    } else {
      std::printf("similarity (words among the first %lld rows):\n",
                  static_cast<long long>(pairs_restrict));
    }
    std::printf("  %-20s %8s %6s %7s %9s %9s%s\n", "set", "pairs", "oov",
                "oov%", "spearman", "pearson", model ? "   subword" : "");
  }
  for (size_t i = 0; i < similarity.size(); ++i) {
    const std::string& path = similarity[i];
    const SimilarityResult& r = similarity_results[i];
    if (json) {
      report.AddRaw(SetName(path), SimilarityJson(r, path, model));
      continue;
    }
    std::printf(
        "  %-20s %8lld %6lld %6.2f%% %9.4f %9.4f%s%s\n", SetName(path).c_str(),
        static_cast<long long>(r.pairs), static_cast<long long>(r.oov),
        r.oov_percent(), r.spearman, r.pearson,
        model ? absl::StrFormat(" %9lld", static_cast<long long>(r.subword))
                    .c_str()
              : "",
        r.malformed > 0
            ? absl::StrCat("  (", r.malformed, " malformed lines skipped)")
                  .c_str()
            : "");
  }
  const double eval_seconds = absl::ToDoubleSeconds(absl::Now() - eval_start);
  if (json) {
    report.Add("load_seconds", load_seconds).Add("eval_seconds", eval_seconds);
    std::printf("%s\n", report.str().c_str());
  } else {
    std::printf("evaluated in %.3f s\n", eval_seconds);
  }
  return absl::OkStatus();
}

}  // namespace nce2vec
