import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

import TendCore

@testable import TendWeb

@Suite("The JSON API and its OpenAPI document")
struct APITests {
    @Test func aWholeSessionThroughTheAPIMatchesTheDocument() async throws {
        try await withTestApp { browser, clock in
            let document = try await OpenAPIDocument(browser.get("/api/openapi.yaml"))
            var checked: [(String, HTTPRequest.Method, TestResponse)] = []
            func call(_ method: HTTPRequest.Method, _ template: String, _ path: String? = nil, json: String? = nil) async throws -> TestResponse {
                let response = method == .get && json == nil
                    ? try await browser.get(path ?? template)
                    : try await browser.api(method, path ?? template, json: json)
                checked.append((template, method, response))
                return response
            }

            let status = try await call(.get, "/api/v1/space")
            #expect(try status.json()["state"] as? String == "needsSetup")
            let setUp = try await call(.post, "/api/v1/space/setup", json: #"{"passphrase":"kettle violet harbour"}"#)
            #expect(setUp.status == .created)
            let started = try await call(.post, "/api/v1/sessions", json: #"{"mode":"solo"}"#)
            #expect(started.status == .created)
            let id = try #require(try started.json()["id"] as? String)
            let eventsPath = "/api/v1/sessions/\(id)/events"
            for _ in 0..<4 {
                clock.advance(30)
                _ = try await call(.post, "/api/v1/sessions/{id}/events", eventsPath, json: #"{"intent":"next"}"#)
            }
            let rated = try await call(.post, "/api/v1/sessions/{id}/events", eventsPath, json: #"{"intent":"rate","tension":4,"pain":1}"#)
            let position = try #require(try rated.json()["position"] as? [String: Any])
            #expect(position["kind"] as? String == "point")
            #expect(position["hour"] as? Int == 6)
            // What the document refuses, the server refuses at the edge, naming the field.
            let refused = try await call(.post, "/api/v1/sessions/{id}/events", eventsPath, json: #"{"intent":"rate","tension":40}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.contentType] == "application/problem+json")
            #expect(try refused.json()["detail"] as? String == "The field tension must be between 0 and 10.")
            let edges: [(String, String)] = [
                (#"{"intent":"next","seenVersion":-1}"#, "The field seenVersion must be between 0 and 1000000."),
                (#"{"intent":"next","seenVersion":null}"#, "The field seenVersion is null. Leave it out instead of sending null."),
                (#"{"intent":"next","seenVersion":1e30}"#, "The field seenVersion must be a whole number between 0 and 1000000."),
                (#"{"intent":"reflect","reflection":{"note":null}}"#, "The field reflection.note is null. Leave it out instead of sending null."),
                (#"{"intent":"next","extra":1}"#, "The field extra is not one Tend knows."),
            ]
            for (json, detail) in edges {
                let answer = try await call(.post, "/api/v1/sessions/{id}/events", eventsPath, json: json)
                #expect(answer.status == .badRequest)
                #expect(try answer.json()["detail"] as? String == detail)
            }
            let wrongMethod = try await browser.get(eventsPath)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
            let unknown = try await call(.post, "/api/v1/sessions/{id}/events", eventsPath, json: #"{"intent":"jump"}"#)
            #expect(unknown.status == .badRequest)
            let wrongType = try await call(.post, "/api/v1/sessions/{id}/events", eventsPath, json: #"{"intent":5}"#)
            #expect(try wrongType.json()["detail"] as? String == "The field intent must be one of: \(IntentName.list).")
            _ = try await call(.post, "/api/v1/sessions/{id}/events", eventsPath, json: #"{"intent":"end"}"#)
            _ = try await call(.get, "/api/v1/sessions/{id}", "/api/v1/sessions/\(id)")
            let list = try await call(.get, "/api/v1/sessions")
            #expect((try list.json()["sessions"] as? [Any])?.count == 1)
            _ = try await call(.get, "/api/v1/sessions/{id}", "/api/v1/sessions/nope")
            _ = try await call(.post, "/api/v1/space/lock")
            let locked = try await call(.get, "/api/v1/sessions")
            #expect(locked.status == .unauthorized)
            let wrong = try await call(.post, "/api/v1/space/unlock", json: #"{"passphrase":"not it at all"}"#)
            #expect(wrong.status == .unauthorized)
            let unlocked = try await call(.post, "/api/v1/space/unlock", json: #"{"passphrase":"kettle violet harbour"}"#)
            #expect(unlocked.status == .noContent)

            for (template, method, response) in checked {
                try document.check(response, path: template, method: method)
            }
        }
    }

    @Test func unsafeCallsWithoutTheTokenAreRefused() async throws {
        try await withTestApp { browser, _ in
            _ = try await browser.get("/api/v1/space")
            let response = try await browser.send(
                "/api/v1/space/setup", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"passphrase":"kettle violet harbour"}"#))

            #expect(response.status == .forbidden)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(try await browser.get("/api/v1/space").json()["state"] as? String == "needsSetup")
        }
    }

    @Test func aBodyThatIsNotJSONGetsAProblemNotACrash() async throws {
        try await withTestApp { browser, _ in
            let response = try await browser.api(.post, "/api/v1/space/unlock", json: "{not json")
            #expect(response.status == .badRequest)
            #expect(try response.json()["detail"] as? String == "The body is not valid JSON (or holds a number larger than any field takes).")
        }
    }
}

/// One vocabulary: every surface names intents by TendCore's `IntentName`, and the document agrees.
@Suite struct IntentVocabularyTests {
    @Test func theDocumentListsExactlyTheIntentsTendKnows() async throws {
        try await withTestApp { browser, _ in
            let document = try await OpenAPIDocument(browser.get("/api/openapi.yaml"))
            let schemas = try #require((document.root["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let request = try #require((schemas["EventRequest"] as? [String: Any])?["properties"] as? [String: Any])
            let documented = try #require((request["intent"] as? [String: Any])?["enum"] as? [String])
            #expect(documented == IntentName.allCases.map(\.rawValue))
        }
    }

    @Test(arguments: IntentName.allCases)
    func everyIntentNameIsReadTheSameByFormsTheAPIAndTheLiveProtocol(name: IntentName) throws {
        let values = IntentValues(level: 3, tension: 2, pain: 1, reflection: Reflection(note: "calm"))
        let intent = try #require(Intent(name, values))
        #expect(intent.name == name)
        let body = API.EventRequest(
            intent: name.rawValue, level: 3, tension: 2, pain: 1,
            reflection: API.ReflectionBody(howItFelt: nil, emotions: nil, note: "calm"), seenVersion: nil)
        #expect(try APIController.intent(from: body) == intent)
        var form = FormFields("intent=\(name.rawValue)&level=3&tension=2&pain=1&note=calm")
        let formIntents = try PracticeController.intents(from: form)
        // A form's end at the close carries the reflection written there.
        #expect(formIntents.last?.name == (name == .reflect ? .end : name))
        form = FormFields("intent=stay")
        #expect(throws: FormProblem.self) { try PracticeController.intents(from: form) }
    }
}

extension TestResponse {
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }
}

/// Just enough of OpenAPI 3 to check a real response against the documented one.
struct OpenAPIDocument {
    let root: [String: Any]

    init(_ response: TestResponse) throws {
        #expect(response.status == .ok)
        // The document is JSON, which is also valid YAML.
        root = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        #expect(root["openapi"] as? String == "3.0.3")
    }

    func check(_ response: TestResponse, path: String, method: HTTPRequest.Method) throws {
        let paths = try #require(root["paths"] as? [String: Any])
        let item = try #require(paths[path] as? [String: Any], "\(path) is not documented")
        let operation = try #require(item[method.rawValue.lowercased()] as? [String: Any], "\(method) \(path) is not documented")
        let responses = try #require(operation["responses"] as? [String: Any])
        let code = String(response.status.code)
        var documented = try #require(responses[code] as? [String: Any], "\(method) \(path) answered \(code), which is not documented")
        if let reference = documented["$ref"] as? String { documented = try resolve(reference) }
        guard let content = documented["content"] as? [String: Any] else {
            #expect(response.body.readableBytes == 0, "\(method) \(path) \(code) should have no body")
            return
        }
        let contentType = try #require(response.headers[.contentType])
        let media = try #require(content[contentType] as? [String: Any], "\(contentType) not documented for \(method) \(path) \(code)")
        let schema = try #require(media["schema"] as? [String: Any])
        let value = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        try validate(value, against: schema, at: "\(method) \(path) \(code)")
    }

    private func resolve(_ reference: String) throws -> [String: Any] {
        var node: Any = root
        for part in reference.dropFirst(2).split(separator: "/") {
            node = try #require((node as? [String: Any])?[String(part)], "unresolvable \(reference)")
        }
        return try #require(node as? [String: Any])
    }

    private func validate(_ value: Any, against schema: [String: Any], at location: String) throws {
        if let reference = schema["$ref"] as? String {
            return try validate(value, against: resolve(reference), at: location)
        }
        if let allowed = schema["enum"] as? [String] {
            #expect(allowed.contains(value as? String ?? ""), "\(location): \(value) is not one of \(allowed)")
        }
        switch schema["type"] as? String {
        case "object":
            let object = try #require(value as? [String: Any], "\(location) should be an object")
            for key in schema["required"] as? [String] ?? [] {
                #expect(object[key] != nil, "\(location) is missing \(key)")
            }
            // Objects are closed unless the document says they are open (a shared report's records,
            // which docs/export-format.md describes).
            guard schema["additionalProperties"] as? Bool != true else { break }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                let property = try #require(properties[key] as? [String: Any], "\(location) has undocumented field \(key)")
                try validate(member, against: property, at: "\(location).\(key)")
            }
        case "array":
            let array = try #require(value as? [Any], "\(location) should be an array")
            let items = try #require(schema["items"] as? [String: Any])
            for (index, element) in array.enumerated() { try validate(element, against: items, at: "\(location)[\(index)]") }
        case "string":
            #expect(value is String, "\(location) should be a string")
        case "integer":
            #expect((value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } == true, "\(location) should be an integer")
        case "number":
            #expect(value is NSNumber, "\(location) should be a number")
        case "boolean":
            #expect(value is Bool, "\(location) should be a boolean")
        default:
            break
        }
    }
}
