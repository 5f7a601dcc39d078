// ToIPSummaryDump: formats each packet's fields into a reused line buffer and appends it
// to a buffered file; the header lines go out at initialization.
#include "to_ip_summary_dump.hh"

#include <cerrno>
#include <cstring>

#include "snf/click/args.hh"
#include "snf/click/element_registry.hh"

namespace snf::click {

ToIPSummaryDump::~ToIPSummaryDump() { close_file(); }

int ToIPSummaryDump::configure(std::vector<std::string>& conf, ErrorHandler* errh) {
    std::string filename, contents, fields_text, banner;
    bool header = true, data_line = true, verbose = false;
    if (Args(conf, this, errh)
            .read_mp("FILENAME", filename)
            .read("CONTENTS", AnyArg(), contents)
            .read("FIELDS", AnyArg(), fields_text)
            .read("BANNER", banner)
            .read("HEADER", header)
            .read("DATA", data_line)
            .read("VERBOSE", verbose)
            .complete() < 0)
        return -EINVAL;
    std::string list = !fields_text.empty() ? fields_text : !contents.empty() ? contents : "timestamp ip_src";
    std::vector<SummaryField> fields;
    std::string problem;
    if (!parse_summary_field_list(list, fields, problem))
        return errh->error(std::string(fields_text.empty() ? "CONTENTS" : "FIELDS") + ": " + problem);
    filename_ = filename;
    fields_ = fields;
    banner_ = banner;
    header_ = header;
    data_line_ = data_line;
    verbose_ = verbose;
    return 0;
}

int ToIPSummaryDump::initialize(ErrorHandler* errh) {
    file_ = filename_ == "-" ? stdout : std::fopen(filename_.c_str(), "w");
    if (!file_)
        return errh->error(filename_ + ": " + std::strerror(errno));
    std::string head;
    if (header_) {
        head += "!IPSummaryDump 1.3\n";
        head += "!creator \"" + (banner_.empty() ? declaration() : banner_) + "\"\n";
        if (verbose_)
            head += "!runtime " + Timestamp::now().unparse() + "\n";
    }
    if (data_line_) {
        head += "!data";
        for (SummaryField f : fields_)
            head += std::string(" ") + summary_field_name(f);
        head += "\n";
    }
    std::fputs(head.c_str(), file_);
    return 0;
}

void ToIPSummaryDump::close_file() {
    if (file_ == stdout)
        std::fflush(file_);
    else if (file_)
        std::fclose(file_);
    file_ = nullptr;
}

void ToIPSummaryDump::cleanup(CleanupStage) { close_file(); }

void ToIPSummaryDump::push(int, Packet* p) {
    if (file_) {
        line_.clear();
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i)
                line_ += ' ';
            line_ += unparse_summary_field(fields_[i], p);
        }
        line_ += '\n';
        std::fwrite(line_.data(), 1, line_.size(), file_);
        ++count_;
    }
    checked_output_push(0, p);
}

void ToIPSummaryDump::add_handlers() {
    add_read_handler("count", [this] { return std::to_string(count_); });
    add_write_handler("flush", [this](const std::string&, ErrorHandler*) {
        if (file_)
            std::fflush(file_);
        return 0;
    }, Handler::button);
}

SNF_EXPORT_ELEMENT(ToIPSummaryDump)

}  // namespace snf::click
