import Foundation
import TendCore

/// The request bodies the OpenAPI document describes, enforced as written: a body the document
/// refuses is refused before it is decoded, with a sentence naming the field, and a body it allows
/// reaches the handler. So the document and the server cannot drift apart (issue 13).
///
/// Understands the parts of JSON Schema the document uses: `type`, `properties`, `required`,
/// `enum`, `minimum`, `maximum`, `minLength`, `maxLength`, `pattern`, `items`, `maxItems` and
/// `$ref`. Objects are closed: a field the document does not name is refused (the document says
/// `additionalProperties: false`).
struct RequestSchemas: Sendable {
    /// The document could not be read as Tend expects.
    struct DocumentProblem: Error, CustomStringConvertible {
        let description: String
    }

    private let schemas: [String: JSONValue]
    private let bodies: [String: (schema: JSONValue, required: Bool)]
    /// The methods each path template answers (`GET`, `POST`), for 405 answers.
    let methods: [String: [String]]

    init(document data: Data) throws {
        guard case .object(let document)? = JSONValue.read(data),
            case .object(let paths)? = document["paths"],
            case .object(let components)? = document["components"],
            case .object(let schemas)? = components["schemas"]
        else { throw DocumentProblem(description: "openapi.json has no paths or schemas") }
        self.schemas = schemas
        var bodies: [String: (JSONValue, Bool)] = [:]
        var methods: [String: [String]] = [:]
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            methods[path] = operations.keys.map { $0.uppercased() }.sorted()
            for (method, operation) in operations {
                guard case .object(let operation) = operation, case .object(let body)? = operation["requestBody"],
                    case .object(let content)? = body["content"], case .object(let json)? = content["application/json"],
                    let schema = json["schema"]
                else { continue }
                bodies["\(method.uppercased()) \(path)"] = (schema, body["required"] == .bool(true))
            }
        }
        self.bodies = bodies
        self.methods = methods
    }

    /// Whether the document describes a body for this operation, e.g. `POST /api/v1/sessions`.
    func describesBody(of operation: String) -> Bool {
        bodies[operation] != nil
    }

    /// Why `body` does not fit what the document says `operation` takes, or nil when it fits.
    /// An empty body fits an operation whose body is optional.
    func problem(with body: Data, for operation: String) -> String? {
        guard let (schema, required) = bodies[operation] else { return "Tend does not take a body here." }
        if body.isEmpty { return required ? "Please send a JSON body." : nil }
        guard let value = JSONValue.read(body) else {
            return "The body is not valid JSON (or holds a number larger than any field takes)."
        }
        return problem(with: value, against: schema, at: JSONPath())
    }

    private func problem(with value: JSONValue, against schema: JSONValue, at path: JSONPath) -> String? {
        guard case .object(var rules) = schema else { return nil }
        if case .string(let reference)? = rules["$ref"] {
            guard let name = reference.split(separator: "/").last, let target = schemas[String(name)] else {
                return "Tend's document refers to a schema it does not have (\(reference))."
            }
            return problem(with: value, against: target, at: path)
        }
        let field = path.description.isEmpty ? "The body" : "The field \(path)"
        if case .array(let allowed)? = rules["enum"], !allowed.contains(value) {
            let names = allowed.compactMap { if case .string(let text) = $0 { text } else { nil } }
            return "\(field) must be one of: \(names.joined(separator: ", "))."
        }
        guard case .string(let type)? = rules.removeValue(forKey: "type") else { return nil }
        switch (type, value) {
        case ("object", .object(let object)):
            return problem(with: object, rules: rules, at: path)
        case ("string", .string(let text)):
            return problem(with: text, rules: rules, field: field)
        case ("integer", .integer(let number)):
            return problem(with: Double(number), rules: rules, field: field)
        case ("number", .integer(let number)):
            return problem(with: Double(number), rules: rules, field: field)
        case ("number", .number(let number)):
            return problem(with: number, rules: rules, field: field)
        case ("boolean", .bool):
            return nil
        case ("array", .array(let items)):
            if case .integer(let most)? = rules["maxItems"], items.count > most {
                return "\(field) may hold at most \(most) items."
            }
            guard let itemSchema = rules["items"] else { return nil }
            for (index, item) in items.enumerated() {
                if let problem = problem(with: item, against: itemSchema, at: path.appending(index)) { return problem }
            }
            return nil
        case (_, .null):
            return "\(field) is null. Leave it out instead of sending null."
        case ("integer", .number):
            return "\(field) must be a whole number\(range(rules))."
        default:
            let expected = ["object": "an object", "string": "text", "integer": "a whole number", "number": "a number",
                            "boolean": "true or false", "array": "a list"][type] ?? type
            return "\(field) must be \(expected), not \(value.kindName)."
        }
    }

    private func problem(with object: [String: JSONValue], rules: [String: JSONValue], at path: JSONPath) -> String? {
        let properties: [String: JSONValue]
        if case .object(let named)? = rules["properties"] { properties = named } else { properties = [:] }
        if let unknown = object.keys.sorted().first(where: { properties[$0] == nil }) {
            return "The field \(path.appending(unknown)) is not one Tend knows."
        }
        if case .array(let required)? = rules["required"] {
            for case .string(let name) in required where object[name] == nil {
                return "The field \(path.appending(name)) is missing."
            }
        }
        for name in object.keys.sorted() {
            if let value = object[name], let schema = properties[name],
                let problem = problem(with: value, against: schema, at: path.appending(name))
            {
                return problem
            }
        }
        return nil
    }

    private func problem(with text: String, rules: [String: JSONValue], field: String) -> String? {
        // JSON Schema counts characters as Unicode code points.
        let length = text.unicodeScalars.count
        if case .integer(let least)? = rules["minLength"], length < least {
            return "\(field) must be at least \(least) characters long."
        }
        if case .integer(let most)? = rules["maxLength"], length > most {
            return "\(field) may be at most \(most) characters long."
        }
        if case .string(let pattern)? = rules["pattern"], text.range(of: pattern, options: .regularExpression) == nil {
            return "\(field) is not in the expected form."
        }
        return nil
    }

    private func problem(with number: Double, rules: [String: JSONValue], field: String) -> String? {
        let least = bound(rules["minimum"])
        let most = bound(rules["maximum"])
        if let least, number < least { return "\(field) must be\(range(rules))." }
        if let most, number > most { return "\(field) must be\(range(rules))." }
        return nil
    }

    private func bound(_ value: JSONValue?) -> Double? {
        switch value {
        case .integer(let number)?: Double(number)
        case .number(let number)?: number
        default: nil
        }
    }

    private func range(_ rules: [String: JSONValue]) -> String {
        switch (bound(rules["minimum"]), bound(rules["maximum"])) {
        case (let least?, let most?): " between \(whole(least)) and \(whole(most))"
        case (let least?, nil): " at least \(whole(least))"
        case (nil, let most?): " at most \(whole(most))"
        case (nil, nil): ""
        }
    }

    private func whole(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
