import Plot
import TendVault

/// First run: choose a passphrase.
enum SetUpPage {
    static func render(chrome: Chrome, error: String? = nil, importError: String? = nil) -> String {
        Layout.page(
            title: "Set up your private space", chrome: chrome,
            .h1("Set up your private space"),
            .p("Everything you keep in Tend — sessions, ratings, notes — is sealed with a passphrase that only you know. It never leaves this computer, and Tend cannot read your data without it."),
            Layout.formError(error),
            .form(
                .method(.post), .action(SiteRoute.setUp.path), .class("stack"),
                Layout.csrfField(chrome),
                passphraseFields(prefix: ""),
                .button(.type(.submit), .class("primary"), "Create my space")
            ),
            .p(.class("hint"), "Opening a space takes a second or so on purpose: it makes guessing a passphrase very slow."),
            .section(
                .class("card"),
                .h2("Or bring in what you exported"),
                .p("If you downloaded everything from another Tend (the JSON file from “Your data”), your new space can start with all of it: sessions, check-ins, your cycle, self-assessments, agreements and settings. Choose a new passphrase for it; you will get a new recovery key."),
                Layout.formError(importError),
                .form(
                    .method(.post), .action(SiteRoute.setUpFromExport.path), .class("stack"), .enctype(.multipartData),
                    Layout.csrfField(chrome),
                    .label(.for("export"), "Your export file (tend-export.json)"),
                    .input(.type(.file), .name("export"), .id("export"), .attribute(named: "accept", value: ".json,application/json"), .required(true)),
                    passphraseFields(prefix: "import-"),
                    .button(.type(.submit), .class("primary"), "Create my space from this file"),
                    .p(.class("hint"), "Years of records can take a minute to seal. Please keep this page open until your recovery key appears.")
                )
            )
        )
    }

    /// A new passphrase, typed twice. `prefix` keeps the element ids apart when two forms share a page.
    static func passphraseFields(prefix: String) -> Node<HTML.FormContext> {
        .group(
            .label(.for("\(prefix)passphrase"), "Passphrase"),
            .input(.type(.password), .name("passphrase"), .id("\(prefix)passphrase"), .attribute(named: "autocomplete", value: "new-password"),
                .attribute(named: "minlength", value: "\(KeyRing.minimumPassphraseLength)"), .required(true),
                .attribute(named: "aria-describedby", value: "\(prefix)passphrase-hint")),
            .p(.id("\(prefix)passphrase-hint"), .class("hint"),
                .text("At least \(KeyRing.minimumPassphraseLength) characters. Three or four unrelated words (\"kettle violet harbour swim\") are easy to remember and very hard to guess.")),
            .label(.for("\(prefix)confirmation"), "The same passphrase again"),
            .input(.type(.password), .name("confirmation"), .id("\(prefix)confirmation"), .attribute(named: "autocomplete", value: "new-password"), .required(true))
        )
    }
}

/// Shown once, straight after set-up: the recovery key.
enum RecoveryKeyPage {
    static func render(recoveryKey: RecoveryKey, chrome: Chrome, error: String? = nil, replacing: Bool = false) -> String {
        Layout.page(
            title: "Your recovery key", chrome: chrome,
            .h1(replacing ? "Your space is open again: here is a new recovery key" : "Write down your recovery key"),
            .if(replacing, .p("A recovery key works once, so the one you just used no longer opens your space. Any other browser that was unlocked has been locked too.")),
            .p("If you ever forget your passphrase, this key is the only way back into your space. Tend shows it now and never again, and does not keep a copy."),
            .p(.class("recovery-key"), .attribute(named: "aria-label", value: "Recovery key"), .text(recoveryKey.displayText)),
            .p(.class("hint"), "Keep it somewhere private and safe: on paper, or in a password manager. Anyone with it can open your space."),
            Layout.formError(error),
            .form(
                .method(.post), .action(SiteRoute.recoveryKeySaved.path), .class("stack"),
                Layout.csrfField(chrome),
                .label(.class("check"),
                    .input(.type(.checkbox), .name("saved"), .value("yes"), .required(true)),
                    .text(" I have saved my recovery key")),
                .button(.type(.submit), .class("primary"), "Continue")
            )
        )
    }
}

/// Opening the space with its passphrase.
enum UnlockPage {
    static func render(chrome: Chrome, error: String?) -> String {
        Layout.page(
            title: "Unlock", chrome: chrome,
            .h1("Welcome back"),
            .p("Your space is locked. Type your passphrase to open it."),
            Layout.formError(error),
            .form(
                .method(.post), .action(SiteRoute.unlock.path), .class("stack"),
                Layout.csrfField(chrome),
                .label(.for("passphrase"), "Passphrase"),
                .input(.type(.password), .name("passphrase"), .id("passphrase"), .attribute(named: "autocomplete", value: "current-password"),
                    .required(true), .autofocus(true)),
                .button(.type(.submit), .class("primary"), "Unlock")
            ),
            .p(.a(.href(SiteRoute.recover.path), "Forgotten your passphrase? Use your recovery key."))
        )
    }
}

/// Opening the space with the recovery key, and choosing a new passphrase.
enum RecoverPage {
    static func render(chrome: Chrome, error: String?) -> String {
        Layout.page(
            title: "Use your recovery key", chrome: chrome,
            .h1("Use your recovery key"),
            .p("Type the recovery key you saved when you set up Tend, then choose a new passphrase. Your sessions and notes stay exactly as they are."),
            Layout.formError(error),
            .form(
                .method(.post), .action(SiteRoute.recover.path), .class("stack"),
                Layout.csrfField(chrome),
                .label(.for("recoveryKey"), "Recovery key"),
                .input(.type(.text), .name("recoveryKey"), .id("recoveryKey"), .attribute(named: "autocomplete", value: "off"),
                    .attribute(named: "autocapitalize", value: "characters"), .attribute(named: "spellcheck", value: "false"), .required(true)),
                .label(.for("passphrase"), "New passphrase"),
                .input(.type(.password), .name("passphrase"), .id("passphrase"), .attribute(named: "autocomplete", value: "new-password"), .required(true)),
                .label(.for("confirmation"), "The new passphrase again"),
                .input(.type(.password), .name("confirmation"), .id("confirmation"), .attribute(named: "autocomplete", value: "new-password"), .required(true)),
                .button(.type(.submit), .class("primary"), "Open my space")
            ),
            .p(.a(.href(SiteRoute.unlock.path), "Back to unlocking with your passphrase"))
        )
    }
}
