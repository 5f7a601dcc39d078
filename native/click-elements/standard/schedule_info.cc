// ScheduleInfo: records ticket shares in the router for Task::initialize to apply.
#include "schedule_info.hh"

#include <cmath>

#include "snf/click/args.hh"
#include "snf/click/config_string.hh"
#include "snf/click/element_registry.hh"
#include "snf/click/router.hh"
#include "snf/click/scoped_names.hh"
#include "snf/click/task.hh"

namespace snf::click {

int ScheduleInfo::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    const int before = errh->nerrors();
    for (const std::string& arg : conf) {
        std::vector<std::string> words = split_words(arg);
        if (words.size() != 2) {
            errh->error("expected 'ELEMENT PARAM', got '" + arg + "'");
            continue;
        }
        double share = 0;
        PrefixErrorHandler prefixed(errh, words[0] + ": ");
        if (!DoubleArg().parse(words[1], share, ArgContext(this, &prefixed)))
            continue;
        if (share <= 0) {
            errh->error(words[0] + ": PARAM must be positive");
            continue;
        }
        long tickets = std::lround(share * Task::default_tickets);
        tickets = tickets < 1 ? 1 : tickets > Task::max_tickets ? Task::max_tickets : tickets;
        // The element named from this compound's scope; elements of any scope may be
        // named, including ones inside compounds ("dev/from").
        std::string name = words[0];
        if (Element* e = router()->find(name, this))
            name = e->name();
        else
            name = std::string(compound_prefix(this->name())) + name;
        router()->set_task_tickets(name, int(tickets));
    }
    return errh->nerrors() == before ? 0 : -EINVAL;
}

SNF_EXPORT_ELEMENT(ScheduleInfo)

}  // namespace snf::click
