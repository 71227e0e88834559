#include "src/objectives/registry.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/objectives/contrastive.h"
#include "src/objectives/infonce.h"
#include "src/objectives/lifted.h"
#include "src/objectives/nce.h"
#include "src/objectives/npair.h"
#include "src/objectives/sgns.h"
#include "src/objectives/softmax.h"
#include "src/objectives/triplet.h"

namespace nce2vec {

const std::vector<ObjectiveInfo>& Objectives() {
  static const auto* objectives = new std::vector<ObjectiveInfo>{
      {"softmax", "exact log-softmax over the whole vocabulary (reference)",
       false, true, true, NewSoftmaxObjective, 1.0, kSoftmaxBatchRows},
      {"sgns", "negative sampling (Mikolov et al. 2013)", true, false, true,
       NewSgnsObjective},
      {"nce", "noise-contrastive estimation, self-normalised (Mnih & Teh 2012)",
       true, true, true, NewNceObjective},
      {"infonce",
       "InfoNCE / sampled softmax with --logq_correction (van den Oord 2018)",
       true, false, true, NewInfoNceObjective},
      {"contrastive",
       "contrastive loss, squared hinge at --margin (Chopra et al. 2005)", true,
       false, false, NewContrastiveObjective, 1.0},
      {"triplet",
       "triplet loss with --margin and --mining (Schroff et al. 2015)", true,
       false, false, NewTripletObjective, 0.4},
      {"lifted",
       "lifted structured loss, in-batch negatives (Song et al. 2016)", false,
       false, false, NewLiftedObjective, 2.0},
      {"npair", "multi-class N-pair loss, in-batch negatives (Sohn 2016)",
       false, false, true, NewNPairObjective, 0.4},
  };
  return *objectives;
}

std::string ObjectiveNames() {
  return absl::StrJoin(Objectives(), ", ",
                       [](std::string* out, const ObjectiveInfo& info) {
                         out->append(info.name.data(), info.name.size());
                       });
}

const ObjectiveInfo* FindObjective(absl::string_view name) {
  for (const ObjectiveInfo& info : Objectives()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

absl::StatusOr<std::unique_ptr<Objective>> CreateObjective(
    absl::string_view name, const ObjectiveOptions& options,
    const AliasSampler& noise) {
  const ObjectiveInfo* info = FindObjective(name);
  if (info == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown objective '", name, "'; known: ", ObjectiveNames()));
  }
  return info->create(options, noise);
}

}  // namespace nce2vec
