#include "models/money/pay.h"

namespace fieldsim::models {

PaySpec parse_pay(const JsonReader& node, const std::vector<std::string>& kinds) {
    node.object({"piece_rate_cny"});
    PaySpec pay;
    pay.piece_rate_cny.assign(kinds.size(), 0.0);
    if (const auto rates = node.find("piece_rate_cny"))
        read_per_kind(
            *rates, kinds, pay.piece_rate_cny,
            [](const JsonReader& n) { return n.as<double>(at_least(0)); }, false);
    return pay;
}

} // namespace fieldsim::models
