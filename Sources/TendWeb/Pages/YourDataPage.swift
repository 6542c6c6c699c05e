import Plot
import TendApp

/// Export and erase: the person's data is theirs to take and to end.
enum YourDataPage {
    static func render(problem: String?, chrome: Chrome) -> String {
        Layout.page(
            title: "Your data", chrome: chrome,
            .h1("Your data"),
            .p("Everything you keep in Tend is yours: you can take all of it with you, and you can end all of it."),
            .section(
                .class("card"),
                .h2("Take everything with you"),
                .p("One JSON file with every session, check-in, cycle entry, self-assessment, agreement and setting, unsealed so you can read it. Keep it somewhere private: anyone who has the file can read it. It can be brought into a new Tend with “tend import”."),
                .a(.class("button primary"), .href(SiteRoute.exportDownload.path), .attribute(named: "download", value: "tend-export.json"), "Download everything (JSON)"),
                .p(.text("For a spreadsheet: the same records as tables, one CSV file per kind (sessions, steps, point ratings, partner signals, check-ins, period starts, self-assessments, agreements, settings), together in one zip file. Only the JSON file can be brought back into Tend.")),
                .a(.class("button"), .href(SiteRoute.exportTablesDownload.path), .attribute(named: "download", value: "tend-export-tables.zip"), "Download as spreadsheet tables (CSV in a zip)")
            ),
            .section(
                .class("card"),
                .h2("Erase everything"),
                .p("Deletes your private space and everything in it from this device, then rewrites the database file so nothing can be recovered from it. This cannot be undone — download a copy first if you may want it again."),
                Layout.formError(problem),
                .form(
                    .method(.post), .action(SiteRoute.erase.path), .class("stack"),
                    Layout.csrfField(chrome),
                    .label(.for("confirmation"), .text("To confirm, type: \(SpaceArchive.eraseConfirmation)")),
                    .input(.type(.text), .name("confirmation"), .id("confirmation"), .attribute(named: "autocomplete", value: "off")),
                    .button(.type(.submit), .class("danger"), "Erase everything")
                )
            )
        )
    }
}
