// Parsing --objectives and --sweep, and the runs they plan.
#include "src/bench/bench_plan.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/objectives/registry.h"

namespace nce2vec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Error(const absl::Status& status) {
  return std::string(status.message());
}

TEST(BenchPlanTest, ParsesObjectives) {
  EXPECT_THAT(*ParseObjectiveList("softmax,sgns,nce,infonce"),
              ElementsAre("softmax", "sgns", "nce", "infonce"));
  EXPECT_THAT(Error(ParseObjectiveList("softmax,hinge").status()),
              HasSubstr("unknown objective 'hinge'; known: softmax, sgns"));
  EXPECT_THAT(Error(ParseObjectiveList("nce,nce").status()),
              HasSubstr("'nce' appears twice"));
  EXPECT_THAT(Error(ParseObjectiveList("").status()),
              HasSubstr("an empty name"));
}

TEST(BenchPlanTest, ParsesSweeps) {
  const Sweep sweep = *ParseSweep("negatives=1,5,25,100");
  EXPECT_EQ(sweep.flag, "negatives");
  EXPECT_THAT(sweep.values, ElementsAre(1, 5, 25, 100));
  EXPECT_TRUE(sweep.sampled_only);
  EXPECT_FALSE(ParseSweep("dim=50,100")->sampled_only);
  EXPECT_THAT(ParseSweep("lr=0.01,0.025")->values, ElementsAre(0.01, 0.025));
  EXPECT_TRUE(ParseSweep("")->empty());
}

TEST(BenchPlanTest, SweepErrorsSayWhatIsWrong) {
  EXPECT_THAT(Error(ParseSweep("negatives").status()),
              HasSubstr("BenchPlan::sweep 'negatives': no '='"));
  EXPECT_THAT(Error(ParseSweep("negatives:1,5").status()), HasSubstr("no '='"));
  EXPECT_THAT(Error(ParseSweep("foo=1,2").status()),
              HasSubstr("'foo' cannot be swept"));
  EXPECT_THAT(Error(ParseSweep("negatives=1,,5").status()),
              HasSubstr("an empty value"));
  EXPECT_THAT(Error(ParseSweep("negatives=").status()),
              HasSubstr("an empty value"));
  EXPECT_THAT(Error(ParseSweep("negatives=1,x").status()),
              HasSubstr("'x' is not a number"));
  EXPECT_THAT(Error(ParseSweep("negatives=2.5").status()),
              HasSubstr("negatives takes integers, got '2.5'"));
  EXPECT_THAT(Error(ParseSweep("negatives=5,5").status()),
              HasSubstr("'5' appears twice"));
}

TEST(BenchPlanTest, SoftmaxHasNoNegativesToSweep) {
  TrainConfig base;
  base.epochs = 2;
  const auto runs =
      *PlanRuns(base, {"softmax", "nce", "sgns"}, *ParseSweep("negatives=1,25"),
                /*lr_given=*/false);
  ASSERT_EQ(runs.size(), 5u);
  EXPECT_EQ(runs[0].label, "softmax");
  EXPECT_FALSE(runs[0].swept);
  EXPECT_EQ(runs[1].label, "nce negatives=1");
  EXPECT_EQ(runs[2].label, "nce negatives=25");
  EXPECT_EQ(runs[2].config.objective_options.negatives, 25);
  EXPECT_EQ(runs[2].sweep_index, 1);
  EXPECT_EQ(runs[2].sweep_points, 2);
  EXPECT_EQ(runs[4].config.objective, "sgns");
  for (const PlannedRun& run : runs) EXPECT_EQ(run.config.epochs, 2);
}

TEST(BenchPlanTest, EachObjectiveTakesItsDefaultLearningRateUnlessGiven) {
  TrainConfig base;
  base.lr = 0.3;
  const auto defaults =
      *PlanRuns(base, {"sgns", "triplet", "lifted"}, Sweep(), false);
  ASSERT_EQ(defaults.size(), 3u);
  EXPECT_DOUBLE_EQ(defaults[0].config.lr, 0.025);
  EXPECT_DOUBLE_EQ(defaults[1].config.lr,
                   0.025 * FindObjective("triplet")->lr_scale);
  EXPECT_DOUBLE_EQ(defaults[2].config.lr,
                   0.025 * FindObjective("lifted")->lr_scale);
  EXPECT_NE(defaults[1].config.lr, defaults[2].config.lr);
  base.model = ModelType::kCbow;
  EXPECT_DOUBLE_EQ((*PlanRuns(base, {"sgns"}, Sweep(), false))[0].config.lr,
                   0.05);
  const auto given = *PlanRuns(base, {"sgns", "triplet"}, Sweep(), true);
  for (const PlannedRun& run : given) EXPECT_DOUBLE_EQ(run.config.lr, 0.3);
  const auto swept =
      *PlanRuns(base, {"triplet"}, *ParseSweep("lr=0.1,0.2"), false);
  EXPECT_DOUBLE_EQ(swept[1].config.lr, 0.2);  // the sweep wins
}

TEST(BenchPlanTest, OtherSweepsApplyToEveryObjective) {
  const auto runs = *PlanRuns(TrainConfig(), {"softmax", "nce"},
                              *ParseSweep("dim=10,20"), /*lr_given=*/false);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[1].label, "softmax dim=20");
  EXPECT_EQ(runs[1].config.dim, 20);
}

TEST(BenchPlanTest, RejectsBadPlansBeforeTraining) {
  EXPECT_THAT(Error(PlanRuns(TrainConfig(), {"softmax"},
                             *ParseSweep("negatives=1,5"), /*lr_given=*/false)
                        .status()),
              HasSubstr("applies only to objectives that draw noise words"));
  EXPECT_THAT(
      Error(PlanRuns(TrainConfig(), {"nce"}, *ParseSweep("negatives=0,5"),
                     /*lr_given=*/false)
                .status()),
      HasSubstr("BenchPlan::sweep negatives=0: ObjectiveOptions::negatives "
                "must be in"));
}

}  // namespace
}  // namespace nce2vec
