import Plot

/// Plot writes attribute values exactly as given, without escaping. Every attribute value that
/// is not a constant or a number goes through here, so no text can close the attribute.
func attributeText(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        default: escaped.append(character)
        }
    }
    return escaped
}

/// A labelled drop-down list. Names, values and labels are all escaped, so anything may go in.
/// (Plot has no `select` element.)
func selectField<Context>(_ name: String, label: String, options: [(value: String, label: String)], selected: String?) -> Node<Context> {
    let items = options.map { option in
        "<option value=\"\(attributeText(option.value))\"\(option.value == selected ? " selected" : "")>\(attributeText(option.label))</option>"
    }
    let id = attributeText(name)
    return .raw("<label for=\"\(id)\">\(attributeText(label))</label><select name=\"\(id)\" id=\"\(id)\">\(items.joined())</select>")
}
