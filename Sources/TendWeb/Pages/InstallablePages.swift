import Foundation
import Hummingbird
import Plot

/// What makes Tend installable on a phone's home screen: the web app manifest and the page shown
/// when the server cannot be reached. Neither holds anything personal.
enum InstallablePages {
    static let darkBackground = "#15130f"
    static let lightBackground = "#f7f2ea"

    /// The web app manifest: Tend's name, icons at phone sizes (one maskable), its colours, and
    /// that it opens on its own, without the browser's bars.
    static func manifest(chrome: Chrome) -> Response {
        let background = chrome.prefersLight ? lightBackground : darkBackground
        let icons = (chrome.discreet
            ? [
                #"{"src":"\#(Asset.neutralIcon192.path)","sizes":"192x192","type":"image/png","purpose":"any maskable"}"#,
                #"{"src":"\#(Asset.neutralIcon512.path)","sizes":"512x512","type":"image/png","purpose":"any maskable"}"#,
            ]
            : [
                #"{"src":"\#(Asset.icon192.path)","sizes":"192x192","type":"image/png","purpose":"any"}"#,
                #"{"src":"\#(Asset.icon512.path)","sizes":"512x512","type":"image/png","purpose":"any"}"#,
                #"{"src":"\#(Asset.maskableIcon.path)","sizes":"512x512","type":"image/png","purpose":"maskable"}"#,
                #"{"src":"\#(Asset.icon.path)","sizes":"any","type":"image/svg+xml","purpose":"any"}"#,
            ]).joined(separator: ",")
        let description = chrome.discreet ? "Notes." : "A private practice companion."
        let text = """
            {"name":"\(chrome.appName)","short_name":"\(chrome.appName)","description":"\(description)",\
            "start_url":"/","scope":"/","display":"standalone","background_color":"\(background)",\
            "theme_color":"\(background)","icons":[\(icons)]}
            """
        return Response(
            status: .ok, headers: [.contentType: "application/manifest+json", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The page an installed Tend shows while the server cannot be reached.
    static func offline(chrome: Chrome) -> String {
        Layout.page(
            title: "Not reachable", chrome: Chrome(csrfToken: "", isUnlocked: false, prefersLight: chrome.prefersLight, discreet: chrome.discreet),
            .h1("Tend is not reachable right now"),
            .p("Your practice is safe: everything is kept on the computer that runs Tend. When it is back, this page will open as usual."),
            .p(.class("hint"), "If Tend runs on your own computer, check that it is switched on and that Tend is running; if you reached it over your home network, check the phone is on the same network.")
        )
    }
}
