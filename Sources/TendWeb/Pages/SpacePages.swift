import Plot
import TendApp
import TendVault

/// First run: choose a passphrase. Hosted, the same page makes an account: a name, perhaps an
/// invitation code, and the passphrase.
enum SetUpPage {
    static func render(chrome: Chrome, hosting: Hosting = .single, error: String? = nil, importError: String? = nil) -> String {
        guard case .hosted(let signUp) = hosting else { return single(chrome: chrome, error: error, importError: importError) }
        return Layout.page(
            title: "Create your account", chrome: chrome,
            .h1("Create your account"),
            .p("Everything you keep in Tend is sealed with a passphrase that only you know. The people who run this Tend cannot read it, and neither can anyone who gets hold of its database."),
            Layout.formError(error),
            signUp == .closed
                ? .p(.class("empty"), .text(SpaceError.signUpClosed.message))
                : .form(
                    .method(.post), .action(SiteRoute.setUp.path), .class("stack"),
                    Layout.csrfField(chrome),
                    nameField(new: true),
                    .if(signUp == .invitation, .group(
                        .label(.for("invitation"), "Invitation code"),
                        .input(.type(.text), .name("invitation"), .id("invitation"), .attribute(named: "autocomplete", value: "off"),
                            .attribute(named: "autocapitalize", value: "characters"), .required(true))
                    )),
                    passphraseFields(prefix: ""),
                    .button(.type(.submit), .class("primary"), "Create my account")
                ),
            .p(.a(.href(SiteRoute.unlock.path), "I already have an account"))
        )
    }

    /// The name a person signs in with on a hosted Tend.
    static func nameField(new: Bool) -> Node<HTML.FormContext> {
        .group(
            .label(.for("name"), "Name"),
            .input(
                .type(.text), .name("name"), .id("name"), .attribute(named: "autocomplete", value: "username"),
                .attribute(named: "autocapitalize", value: "none"), .attribute(named: "spellcheck", value: "false"),
                .attribute(named: "maxlength", value: "\(AccountName.lengths.upperBound)"), .required(true),
                .attribute(named: "aria-describedby", value: "name-hint")),
            .p(.id("name-hint"), .class("hint"), .text(new
                ? "Any name you like, \(AccountName.lengths.lowerBound) to \(AccountName.lengths.upperBound) letters or digits. It need not be your real name, and no e-mail is needed."
                : "The name you chose when you made your account."))
        )
    }

    private static func single(chrome: Chrome, error: String?, importError: String?) -> String {
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

/// Opening the space with its passphrase (hosted: with the name too).
enum UnlockPage {
    static func render(chrome: Chrome, hosting: Hosting = .single, error: String?) -> String {
        Layout.page(
            title: "Unlock", chrome: chrome,
            .h1("Welcome back"),
            .p(.text(hosting.isHosted ? "Type your name and passphrase to open your space." : "Your space is locked. Type your passphrase to open it.")),
            Layout.formError(error),
            .form(
                .method(.post), .action(SiteRoute.unlock.path), .class("stack"),
                Layout.csrfField(chrome),
                .if(hosting.isHosted, SetUpPage.nameField(new: false)),
                .label(.for("passphrase"), "Passphrase"),
                .input(.type(.password), .name("passphrase"), .id("passphrase"), .attribute(named: "autocomplete", value: "current-password"),
                    .required(true), .autofocus(true)),
                .if(hosting.isHosted, .group(
                    .label(.for("code"), "Practitioners: the six-digit code from your authenticator app"),
                    .input(.type(.text), .name("code"), .id("code"), .attribute(named: "inputmode", value: "numeric"),
                        .attribute(named: "autocomplete", value: "off"), .attribute(named: "maxlength", value: "7")),
                    .p(.class("hint"), "Leave this empty unless you signed up as a practitioner.")
                )),
                .button(.type(.submit), .class("primary"), "Unlock")
            ),
            .p(.a(.href(SiteRoute.recover.path), "Forgotten your passphrase? Use your recovery key.")),
            .if(hosting.isHosted && hosting != .hosted(.closed), .p(.a(.href(SiteRoute.setUp.path), "New here? Create an account"))),
            .if(hosting.isHosted && hosting != .hosted(.closed), .p(.a(.href(SiteRoute.practitionerSignUp.path), "A practitioner? Create a practitioner's account")))
        )
    }
}

/// Opening the space with the recovery key, and choosing a new passphrase.
enum RecoverPage {
    static func render(chrome: Chrome, hosting: Hosting = .single, error: String?) -> String {
        Layout.page(
            title: "Use your recovery key", chrome: chrome,
            .h1("Use your recovery key"),
            .p("Type the recovery key you saved when you set up Tend, then choose a new passphrase. Your sessions and notes stay exactly as they are."),
            Layout.formError(error),
            .form(
                .method(.post), .action(SiteRoute.recover.path), .class("stack"),
                Layout.csrfField(chrome),
                .if(hosting.isHosted, SetUpPage.nameField(new: false)),
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
