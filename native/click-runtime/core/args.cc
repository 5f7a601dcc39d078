// Args: keyword/positional matching, deferred assignment and leftover checks, following
// the rules of Click's Args (see args.hh).
#include "snf/click/args.hh"

#include <cctype>

namespace snf::click {

void ArgContext::error(std::string_view text) const {
    reported_ = true;
    if (!errh_)
        return;
    if (keyword_)
        errh_->error(std::string(keyword_) + ": " + std::string(text));
    else
        errh_->error(text);
}

void ArgContext::warning(std::string_view text) const {
    if (!errh_)
        return;
    if (keyword_)
        errh_->warning(std::string(keyword_) + ": " + std::string(text));
    else
        errh_->warning(text);
}

Args::Args(const std::vector<std::string>& conf, const Element* context, ErrorHandler* errh)
    : ArgContext(context, errh), conf_(conf) {
    classify(0);
}

Args& Args::push_back(std::string argument) {
    conf_.push_back(std::move(argument));
    classify(conf_.size() - 1);
    return *this;
}

// An argument "WORD rest" has a keyword when WORD is made of letters, digits and
// _ : . ? ! and a non-empty rest follows the spaces; Click decides the same way.
void Args::classify(std::size_t from) {
    kwpos_.resize(from);
    for (std::size_t i = from; i < conf_.size(); ++i) {
        const std::string& a = conf_[i];
        std::size_t s = 0;
        while (s < a.size() && (std::isalnum(static_cast<unsigned char>(a[s])) || a[s] == '_' || a[s] == ':' ||
                                a[s] == '.' || a[s] == '?' || a[s] == '!'))
            ++s;
        std::size_t t = s;
        while (t < a.size() && std::isspace(static_cast<unsigned char>(a[t])))
            ++t;
        kwpos_.push_back((s == 0 || s == t || t == a.size()) ? 0 : int(s));
    }
}

std::optional<std::string> Args::find(const char* keyword, int flags) {
    keyword_ = keyword;
    reported_ = false;
    const std::size_t keyword_length = std::char_traits<char>::length(keyword);

    // The last matching keyword argument wins; every match is used up.
    int got = -1, got_kwpos = -1, position = -1;
    for (std::size_t i = 0; i < kwpos_.size(); ++i) {
        if (position == -1 && kwpos_[i] != -1)
            position = kwpos_[i] >= 0 ? int(i) : -2;
        if (kwpos_[i] == int(keyword_length) && conf_[i].compare(0, keyword_length, keyword) == 0) {
            got = int(i);
            got_kwpos = kwpos_[i];
            kwpos_[i] = -2;
        }
    }

    // A positional read takes the first unused argument if it has no keyword, or even if
    // it seems to have one when the argument is mandatory and no keyword matched.
    if ((flags & positional) && position >= 0 && kwpos_[std::size_t(position)] >= 0 &&
        ((got < 0 && (flags & mandatory)) || kwpos_[std::size_t(position)] == 0)) {
        if (got < position) {
            got = position;
            got_kwpos = 0;
        }
        kwpos_[std::size_t(position)] = -1;
    }

    if (got < 0) {
        if (flags & mandatory) {
            error("required argument missing");
            status_ = false;
        }
        return std::nullopt;
    }
    if (flags & deprecated)
        warning("argument deprecated");

    const std::string& a = conf_[std::size_t(got)];
    if (got_kwpos <= 0)
        return a;
    std::size_t s = std::size_t(got_kwpos);
    while (s < a.size() && std::isspace(static_cast<unsigned char>(a[s])))
        ++s;
    return a.substr(s);
}

void Args::after_parse(bool parsed_ok) {
    if (!parsed_ok) {
        if (!reported_)
            error("parse error");
        status_ = false;
    }
}

bool Args::has_keyword(std::string_view keyword) const {
    for (std::size_t i = 0; i < kwpos_.size(); ++i)
        if (kwpos_[i] == int(keyword.size()) && conf_[i].compare(0, keyword.size(), keyword) == 0)
            return true;
    return false;
}

int Args::complete() {
    bool too_many = false;
    for (std::size_t i = 0; i < kwpos_.size(); ++i) {
        if (kwpos_[i] == 0) {
            too_many = true;
            status_ = false;
        } else if (kwpos_[i] > 0) {
            if (errh_)
                errh_->error(conf_[i].substr(0, std::size_t(kwpos_[i])) + ": unknown argument");
            status_ = false;
        }
    }
    if (too_many && errh_)
        errh_->error("too many arguments");
    return execute();
}

int Args::execute() {
    if (!status_)
        return -EINVAL;
    for (auto& commit : commits_)
        commit();
    commits_.clear();
    return 0;
}

std::vector<std::string> Args::unused() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kwpos_.size(); ++i)
        if (kwpos_[i] >= 0)
            out.push_back(conf_[i]);
    return out;
}

}  // namespace snf::click
