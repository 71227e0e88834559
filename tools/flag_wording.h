// The library names a setting by its struct and field, the command line by
// its flag: "TrainConfig::window must be in [1, 1000], got -1" is shown as
// "--window must be in [1, 1000], got -1". This is the one place that turns
// the first into the second. A flag has its field's name unless the table
// in flag_wording.cc says otherwise.
#ifndef NCE2VEC_TOOLS_FLAG_WORDING_H_
#define NCE2VEC_TOOLS_FLAG_WORDING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace nce2vec {

// The flag (without "--") that sets `setting`, e.g. "TrainConfig::window"
// -> "window".
std::string FlagName(absl::string_view setting);

// `message` with every setting name in it (a capitalised struct name, "::",
// a lower-case field name) written as its flag: "--window".
std::string FlagWording(absl::string_view message);

}  // namespace nce2vec

#endif  // NCE2VEC_TOOLS_FLAG_WORDING_H_
