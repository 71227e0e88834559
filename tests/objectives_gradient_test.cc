// Every objective's gradient against central finite differences of its loss,
// with respect to the hidden vectors, the output vectors and the biases.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "src/model/matrix.h"
#include "src/objectives/objective.h"
#include "src/objectives/registry.h"
#include "src/sampler/alias_sampler.h"
#include "src/util/rng.h"

namespace nce2vec {
namespace {

constexpr int kVocab = 9;
constexpr int kDim = 5;
constexpr uint64_t kNoiseSeed = 1234;

struct Params {
  Matrix hidden;
  Matrix output;
  std::vector<float> bias;
};

using Mining = ObjectiveOptions::Mining;

struct Case {
  std::string objective;
  bool shared_negatives;
  bool bias;
  bool logq;
  // The distance-based objectives' margin, chosen per case so that no hinge
  // or nearest-negative choice switches within the finite-difference step.
  float margin = 1.0f;
  Mining mining = Mining::kAll;
  float embedding_l2 = 0.0f;
  // Every row shares one positive, as in a skip-gram window (one row per
  // context word, all predicting the centre): the sampled objectives then
  // gather the positive's update over the rows and write it once.
  bool one_positive = false;
};

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  const Case& c = info.param;
  return c.objective + (c.shared_negatives ? "_shared" : "_perrow") +
         (c.bias ? "_bias" : "") + (c.logq ? "_logq" : "") +
         (c.mining == Mining::kHardest ? "_hardest" : "") +
         (c.mining == Mining::kSemiHard ? "_semihard" : "") +
         (c.embedding_l2 > 0 ? "_l2" : "") +
         (c.margin != 1.0f
              ? "_margin" + std::to_string(static_cast<int>(c.margin * 10))
              : "") +
         (c.one_positive ? "_onepositive" : "");
}

class ObjectiveGradientTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    const std::vector<int64_t> counts = {40, 25, 17, 12, 9, 6, 4, 3, 2};
    noise_ = *AliasSampler::Create(counts, 0.75);
    ObjectiveOptions options;
    options.negatives = 4;
    options.shared_negatives = GetParam().shared_negatives;
    options.logq_correction = GetParam().logq;
    options.output_bias = GetParam().bias;
    options.margin = GetParam().margin;
    options.mining = GetParam().mining;
    options.embedding_l2 = GetParam().embedding_l2;
    objective_ =
        *CreateObjective(GetParam().objective, options, noise_, counts);

    // Three rows; softmax rows carry several positives (one repeated), the
    // sampled objectives one each.
    if (FindObjective(GetParam().objective)->batch_shape ==
        BatchShape::kCentreRows) {
      positive_begin_ = {0, 3, 4, 6};
      positives_ = {1, 4, 1, 7, 0, 8};
    } else if (GetParam().one_positive) {
      positive_begin_ = {0, 1, 2, 3};
      positives_ = {4, 4, 4};
    } else {
      positive_begin_ = {0, 1, 2, 3};
      positives_ = {1, 4, 1};
    }
    Rng rng(7);
    params_.hidden = Matrix(3, kDim);
    params_.output = Matrix(kVocab, kDim);
    for (int r = 0; r < 3; ++r) {
      for (int d = 0; d < kDim; ++d)
        params_.hidden.row(r)[d] = rng.UniformFloat() - 0.5f;
    }
    for (int w = 0; w < kVocab; ++w) {
      for (int d = 0; d < kDim; ++d)
        params_.output.row(w)[d] = rng.UniformFloat() - 0.5f;
    }
    if (GetParam().bias) {
      for (int w = 0; w < kVocab; ++w)
        params_.bias.push_back(rng.UniformFloat() - 0.5f);
    }
    workspace_ = objective_->NewWorkspace(
        {.max_rows = 3,
         .max_positives = static_cast<int>(positives_.size()),
         .stride = params_.output.stride()});
  }

  // Runs one Step on a copy of `p` with the fixed noise seed; returns the
  // loss and leaves the updated copy in *after and the hidden update in
  // *hidden_grad.
  double Run(const Params& p, float lr, Params* after, Matrix* hidden_grad) {
    after->hidden = Matrix(3, kDim);
    after->output = Matrix(kVocab, kDim);
    std::copy(p.hidden.data(), p.hidden.data() + 3 * p.hidden.stride(),
              after->hidden.data());
    std::copy(p.output.data(), p.output.data() + kVocab * p.output.stride(),
              after->output.data());
    after->bias = p.bias;
    *hidden_grad = Matrix(3, kDim);
    Batch batch;
    batch.rows = 3;
    batch.hidden = after->hidden.data();
    batch.hidden_grad = hidden_grad->data();
    batch.positive_begin = positive_begin_.data();
    batch.positives = positives_.data();
    OutputParams out;
    out.vectors = after->output.data();
    out.bias = after->bias.empty() ? nullptr : after->bias.data();
    out.stride = after->output.stride();
    out.vocab_size = kVocab;
    Rng rng(kNoiseSeed);
    return objective_->Step(batch, lr, out, *workspace_, rng).loss;
  }

  double Loss(const Params& p) {
    Params scratch;
    Matrix grad;
    return Run(p, 0.0f, &scratch, &grad);
  }

  // d loss / d value by central differences, in double around a float value.
  double NumericGradient(Params& p, float* value) {
    const float h = 1e-2f;
    const float saved = *value;
    *value = saved + h;
    const double plus = Loss(p);
    *value = saved - h;
    const double minus = Loss(p);
    *value = saved;
    return (plus - minus) / (2 * h);
  }

  AliasSampler noise_;
  std::unique_ptr<Objective> objective_;
  std::vector<int32_t> positive_begin_;
  std::vector<int32_t> positives_;
  Params params_;
  std::unique_ptr<Workspace> workspace_;
};

void ExpectClose(double analytic, double numeric, const std::string& what) {
  EXPECT_NEAR(analytic, numeric, 2e-3 + 2e-3 * std::fabs(numeric)) << what;
}

TEST_P(ObjectiveGradientTest, MatchesFiniteDifferences) {
  Params after;
  Matrix hidden_grad;
  const double loss = Run(params_, 1.0f, &after, &hidden_grad);
  ASSERT_TRUE(std::isfinite(loss));
  ASSERT_GT(loss, 0.0);
  EXPECT_NEAR(loss, Loss(params_), 1e-5 * loss)
      << "lr must not change the loss";

  double largest = 0;
  for (int r = 0; r < 3; ++r) {
    for (int d = 0; d < kDim; ++d) {
      const double numeric =
          NumericGradient(params_, &params_.hidden.row(r)[d]);
      largest = std::max(largest, std::fabs(numeric));
      ExpectClose(-hidden_grad.row(r)[d], numeric,
                  "hidden " + std::to_string(r) + "," + std::to_string(d));
    }
    for (int d = kDim; d < hidden_grad.stride(); ++d) {
      EXPECT_EQ(hidden_grad.row(r)[d], 0.0f) << "padding must stay zero";
    }
  }
  for (int w = 0; w < kVocab; ++w) {
    for (int d = 0; d < kDim; ++d) {
      const double numeric =
          NumericGradient(params_, &params_.output.row(w)[d]);
      const double analytic = params_.output.row(w)[d] - after.output.row(w)[d];
      ExpectClose(analytic, numeric,
                  "output " + std::to_string(w) + "," + std::to_string(d));
    }
    if (GetParam().bias) {
      const double numeric = NumericGradient(params_, &params_.bias[w]);
      ExpectClose(params_.bias[w] - after.bias[w], numeric,
                  "bias " + std::to_string(w));
    }
  }
  EXPECT_GT(largest, 1e-3) << "a gradient test needs a non-trivial gradient";
}

INSTANTIATE_TEST_SUITE_P(
    AllObjectives, ObjectiveGradientTest,
    ::testing::Values(
        Case{"softmax", true, false, false}, Case{"softmax", true, true, false},
        Case{"sgns", true, false, false}, Case{"sgns", false, false, false},
        Case{"sgns", true, true, false}, Case{"nce", true, false, false},
        Case{"nce", false, true, false}, Case{"infonce", true, false, false},
        Case{"infonce", false, false, false}, Case{"infonce", true, true, true},
        Case{"contrastive", true, false, false, 1.0f},
        Case{"contrastive", false, false, false, 0.8f},
        Case{"triplet", true, false, false, 1.0f},
        Case{"triplet", false, false, false, 0.7f},
        Case{"triplet", true, false, false, 0.5f, Mining::kHardest},
        Case{"triplet", true, false, false, 0.5f, Mining::kSemiHard},
        Case{"lifted", true, false, false, 1.0f},
        Case{"lifted", true, false, false, 0.3f},
        Case{"npair", true, false, false},
        Case{"npair", true, false, false, 1.0f, Mining::kAll, 0.1f},
        // Rows with different positives: each scores its own path, and the
        // paths share the nodes near the root.
        Case{"hs", true, false, false}),
    CaseName);

// The branch a skip-gram window takes on every step: all rows share the
// centre word as their positive, whose update is gathered over the rows.
// Every objective batched by context rows, with shared and per-row noise
// words.
std::vector<Case> OnePositiveCases() {
  std::vector<Case> cases;
  for (const ObjectiveInfo& info : Objectives()) {
    if (info.batch_shape != BatchShape::kContextRows) continue;
    const bool distance = info.scoring == Scoring::kSquaredDistance;
    for (const bool shared : {true, false}) {
      // Without noise words the setting changes nothing: one case.
      if (!shared && !info.sampled) continue;
      cases.push_back(Case{.objective = std::string(info.name),
                           .shared_negatives = shared,
                           .bias = !distance && info.output_bias_allowed,
                           .logq = false,
                           .margin = distance && !shared ? 0.7f : 1.0f,
                           .one_positive = true});
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(OnePositive, ObjectiveGradientTest,
                         ::testing::ValuesIn(OnePositiveCases()), CaseName);

TEST(ObjectiveRegistryTest,
     EveryObjectiveIsCoveredAndUnknownNamesListKnownOnes) {
  std::vector<std::string> names;
  for (const ObjectiveInfo& info : Objectives()) names.emplace_back(info.name);
  EXPECT_EQ(names, (std::vector<std::string>{"softmax", "sgns", "nce",
                                             "infonce", "hs", "contrastive",
                                             "triplet", "lifted", "npair"}));
  const std::vector<int64_t> counts = {3, 2, 1};
  AliasSampler noise = *AliasSampler::Create(counts, 0.75);
  auto unknown = CreateObjective("hinge", ObjectiveOptions(), noise, counts);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(
      unknown.status().message().find(
          "softmax, sgns, nce, infonce, hs, contrastive, triplet, lifted, "
          "npair"),
      std::string::npos)
      << unknown.status();
}

// Every entry is complete and consistent, so that the trainer, the bench
// and the help texts can rely on what they read from it.
TEST(ObjectiveRegistryTest, EntriesAreCompleteAndConsistent) {
  std::vector<std::string> colors;
  for (const ObjectiveInfo& info : Objectives()) {
    const std::string name(info.name);
    EXPECT_FALSE(info.summary.empty()) << name;
    EXPECT_NE(info.create, nullptr) << name;
    EXPECT_GT(info.lr_scale, 0.0) << name;
    EXPECT_EQ(info.batch_shape == BatchShape::kCentreRows, info.centre_rows > 0)
        << name << ": centre_rows is for centre-row batches only";
    EXPECT_EQ(info.default_margin > 0.0f,
              info.scoring == Scoring::kSquaredDistance)
        << name << ": the distance losses, and only they, have a margin";
    EXPECT_EQ(info.plot_color.size(), 7u) << name;
    EXPECT_EQ(info.plot_color.substr(0, 1), "#") << name;
    EXPECT_EQ(std::count(colors.begin(), colors.end(), info.plot_color), 0)
        << name << " shares its plot colour";
    colors.emplace_back(info.plot_color);
    // Output word vectors are one row per word; anything else (a tree's
    // inner nodes) is not written as word vectors and has no per-word bias.
    EXPECT_EQ(info.output_rows(1000) == 1000, info.output_word_vectors) << name;
    EXPECT_LE(info.output_rows(1000), 1000) << name;
    EXPECT_TRUE(!info.output_bias_allowed || info.output_word_vectors) << name;
    EXPECT_TRUE(info.output_bias_allowed || !info.default_output_bias) << name;
    EXPECT_EQ(FindObjective(info.name), &info) << name;
  }
  EXPECT_EQ(ObjectiveNames([](const ObjectiveInfo& info) {
              return info.scoring == Scoring::kSquaredDistance;
            }),
            "contrastive, triplet, lifted");
  EXPECT_EQ(DefaultBenchObjectives(), "softmax,sgns,nce,infonce,hs");
  EXPECT_EQ(FindObjective("hs")->output_rows(1000), 999);
  EXPECT_EQ(FindObjective("hs")->output_rows(1), 0);
}

}  // namespace
}  // namespace nce2vec
