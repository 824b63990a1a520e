// Numbers written the way Python's repr() writes a float: the shortest decimal
// string that reads back to the same binary64 value, with ".0" on integral
// values ("1.0", "-0.0", "9.9e-05"). The golden trajectories use this format.
#pragma once

#include <string>

namespace l2l::env {

std::string format_number(double value);

}  // namespace l2l::env
