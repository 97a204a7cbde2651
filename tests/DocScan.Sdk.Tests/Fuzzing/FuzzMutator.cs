using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DocScan.Sdk.Tests.Fuzzing;

/// <summary>A response a vendor could send: status, content type (null: none) and body bytes.</summary>
internal sealed record Canned(HttpStatusCode Status, string? ContentType, byte[] Body)
{
    public static Canned Json(string json, HttpStatusCode status = HttpStatusCode.OK) => new(status, "application/json", Encoding.UTF8.GetBytes(json));

    public static Canned Bytes(byte[] body, string contentType, HttpStatusCode status = HttpStatusCode.OK) => new(status, contentType, body);
}

/// <summary>What goes wrong on the wire beyond the body's bytes.</summary>
internal enum Transport
{
    /// <summary>The body arrives in full, as declared.</summary>
    Normal,

    /// <summary>No response headers ever arrive.</summary>
    NoHeaders,

    /// <summary>Headers arrive, then not one byte of the body.</summary>
    StallAtStart,

    /// <summary>Headers and part of the body arrive, then nothing more.</summary>
    StallMidway,

    /// <summary>Content-Length promises more than is sent: the connection ends early.</summary>
    DeclaredLonger,

    /// <summary>Content-Length promises less than the body: the reader stops at the declared length.</summary>
    DeclaredShorter,

    /// <summary>Content-Length declares gigabytes; a few bytes arrive, then the connection ends.</summary>
    DeclaredHuge,

    /// <summary>The connection is reset part-way through the body.</summary>
    ResetMidway,
}

/// <summary>One mutated response, described so a reader of a failure report can tell what was sent.</summary>
internal sealed record MutatedResponse(HttpStatusCode Status, string? ContentType, byte[] Body, Transport Transport, int CutAt, string? RetryAfter, string Description);

/// <summary>
/// Turns a valid vendor answer into a hostile one. Every choice comes from the <see cref="Random"/> passed in, so
/// the same seed gives the same bytes.
/// </summary>
internal static class FuzzMutator
{
    /// <summary>Values that broke or nearly broke parsers before: dates at the edges, huge and odd numbers, odd strings.</summary>
    private static readonly string[] Interesting =
    {
        "0", "-1", "1", "1.5", "-0", "1e308", "-1e308", "1E+400", "4.9e-324", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "1000000000000000",
        "253402300800000", "-62135596800001", "99999999999999999999999999999", "true", "false", "null", "{}", "[]",
        "[1,1,1]", "[0,0,0,0,0,0]", "[9999,12,31,23,59,59]", "[1,1,1,0,0,0,0]", "[-1,13,32]",
        "\"\"", "\" \"", "\"null\"", "\"0001-01-01 00:00:00\"", "\"0001-01-01T00:00:00\"", "\"9999-12-31 23:59:59\"",
        "\"9999-12-31T23:59:59+14:00\"", "\"2024-02-30 25:61:61\"", "\"1704880185000\"", "\"NaN\"", "\"Infinity\"", "\"-1\"",
        "\"99999999999999999999\"", "\"\\u0000\"", "\"\\uD800\"", "\"\\uDC00x\"", "\"%%%\"", "\"../../etc/passwd\"",
        "\"http://\"", "\"https://evil.example/x\"", "\"javascript:alert(1)\"", "\"::::\"", "\"身份证正面\"", "\"TOKEN错误\"",
        "{\"year\":0,\"month\":0}", "{\"date\":{\"year\":10000,\"month\":1,\"day\":1},\"time\":{\"hour\":0}}",
    };

    private static readonly string[] InvalidBase64 =
    {
        "!!!!", "a", "ab", "abc=", "====", "YQ", "YQ=", "Y===", "data:image/png;base64,AAAA", "AAAA AAAA", "AA\nAA",
        "_-_-", "AAAA====", "\u00e9\u00e9\u00e9\u00e9", "%2F9j%2F",
    };

    private static readonly byte[][] InvalidUtf8 =
    {
        new byte[] { 0xFF }, new byte[] { 0xC3 }, new byte[] { 0xC0, 0xAF }, new byte[] { 0xED, 0xA0, 0x80 },
        new byte[] { 0xF4, 0x90, 0x80, 0x80 }, new byte[] { 0x80 }, new byte[] { 0xE2, 0x82 }, new byte[] { 0xFE, 0xFF },
    };

    private static readonly string[] WrongContentTypes =
    {
        "text/html; charset=utf-8", "text/plain", "application/xml", "image/jpeg", "image/png", "application/pdf",
        "application/octet-stream", "application/json; charset=utf-16", "application/json; charset=gb2312",
        "application/json; charset=bogus-charset", "application/json; charset=\"\"", "garbage;;;=", "*/*", "",
    };

    private static readonly string[] RetryAfters =
    {
        "-5", "0", "1", "5", "120", "86400", "999999999999", "2147483648", "1.5", "1e10", "-0", "soon", "", " ",
        "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT", "Wed, 32 Foo 2024 99:99:99 GMT", "5, 6", "\u4e94\u79d2",
    };

    private static readonly int[] Statuses =
    {
        200, 201, 202, 203, 204, 206, 301, 302, 304, 307, 400, 401, 402, 403, 404, 405, 406, 408, 409, 410, 413, 415,
        418, 422, 429, 431, 499, 500, 501, 502, 503, 504, 507, 520, 524, 599,
    };

    private const string HtmlPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private delegate string? Mutation(Random rng, ref Working w);

    /// <summary>The names of the mutations, in the order they are drawn from.</summary>
    private static readonly (string Name, Mutation Apply, bool BodyOnly)[] Mutations =
    {
        ("truncate", Truncate, true),
        ("byte-flip", ByteFlip, true),
        ("type-swap", TypeSwap, true),
        ("delete-field", DeleteField, true),
        ("add-field", AddField, true),
        ("huge-number", HugeNumber, true),
        ("edge-time", EdgeTime, true),
        ("huge-string", HugeString, true),
        ("deep-nesting", DeepNesting, true),
        ("invalid-base64", BadBase64, true),
        ("invalid-utf8", BadUtf8, true),
        ("odd-json", OddJson, true),
        ("wrong-content-type", WrongContentType, false),
        ("empty-body", EmptyBody, true),
        ("html-body", HtmlBody, true),
        ("random-status", RandomStatus, false),
        ("retry-after", OddRetryAfter, false),
        ("content-length-lie", ContentLengthLie, false),
        ("stall", Stall, false),
        ("reset", Reset, false),
    };

    /// <summary>Mutates <paramref name="valid"/>; <paramref name="bodyOnly"/> keeps to mutations of the bytes (for parsers that take a body, not a response).</summary>
    public static MutatedResponse Mutate(Canned valid, Random rng, bool bodyOnly)
    {
        var pool = bodyOnly ? Mutations.Where(m => m.BodyOnly).ToArray() : Mutations;
        var w = new Working(valid);
        var steps = new List<string>();
        int count = rng.Next(100) < 20 ? 2 : 1; // sometimes two at once: a huge number in a truncated body, etc.
        for (int i = 0; i < count; i++)
        {
            var (name, apply, _) = pool[rng.Next(pool.Length)];
            string? detail = apply(rng, ref w);
            steps.Add(detail is null ? name : name + " (" + detail + ")");
        }

        return new MutatedResponse(w.Status, w.ContentType, w.Body, w.Transport, w.CutAt, w.RetryAfter, string.Join(" + ", steps));
    }

    private static string? Truncate(Random rng, ref Working w)
    {
        if (w.Body.Length == 0)
        {
            return "nothing to cut";
        }

        int keep = rng.Next(w.Body.Length);
        w.Body = w.Body.AsSpan(0, keep).ToArray();
        return "keep " + keep.ToString(CultureInfo.InvariantCulture) + " bytes";
    }

    private static string? ByteFlip(Random rng, ref Working w)
    {
        if (w.Body.Length == 0)
        {
            return "nothing to flip";
        }

        var body = (byte[])w.Body.Clone();
        int flips = 1 + rng.Next(5);
        var at = new List<string>();
        for (int i = 0; i < flips; i++)
        {
            int p = rng.Next(body.Length);
            body[p] = (byte)rng.Next(256);
            at.Add(p.ToString(CultureInfo.InvariantCulture));
        }

        w.Body = body;
        return "at " + string.Join(",", at);
    }

    private static string? TypeSwap(Random rng, ref Working w)
        => w.EditJson(rng, (root, pick) =>
        {
            var slot = pick(root, _ => true);
            if (slot is null)
            {
                return null;
            }

            string value = Interesting[rng.Next(Interesting.Length)];
            slot.Replace(JsonNode.Parse(value));
            return slot.Path + " = " + Short(value);
        });

    private static string? DeleteField(Random rng, ref Working w)
        => w.EditJson(rng, (root, pick) =>
        {
            var slot = pick(root, s => s.Parent is JsonObject);
            if (slot is null)
            {
                return null;
            }

            ((JsonObject)slot.Parent).Remove(slot.Name!);
            return "remove " + slot.Path;
        });

    private static string? AddField(Random rng, ref Working w)
        => w.EditJson(rng, (root, pick) =>
        {
            var objects = Slot.All(root).Where(s => s.Node is JsonObject).Select(s => (JsonObject)s.Node!).ToList();
            if (root is JsonObject o)
            {
                objects.Insert(0, o);
            }

            if (objects.Count == 0)
            {
                return null;
            }

            var target = objects[rng.Next(objects.Count)];
            var names = Slot.All(root).Where(s => s.Name is not null).Select(s => s.Name!).Distinct().ToList();
            string name = rng.Next(2) == 0 && names.Count > 0 ? names[rng.Next(names.Count)] : "x" + rng.Next(1000).ToString(CultureInfo.InvariantCulture);
            string value = Interesting[rng.Next(Interesting.Length)];
            target[name] = JsonNode.Parse(value); // an existing name is overwritten: a type swap through the side door
            return name + " = " + Short(value);
        });

    private static string? HugeNumber(Random rng, ref Working w)
        => w.EditJson(rng, (root, pick) =>
        {
            var slot = pick(root, s => s.Node is JsonValue v && v.GetValueKind() == JsonValueKind.Number) ?? pick(root, _ => true);
            if (slot is null)
            {
                return null;
            }

            string[] huge = { "1e308", "-1e308", "9223372036854775808", "1000000000000000", "1e15", "-9223372036854775808", "1.7976931348623157E+308", "123456789012345678901234567890", "2147483648", "-2147483649", "0.0000000000000000000001" };
            string value = huge[rng.Next(huge.Length)];
            slot.Replace(JsonNode.Parse(value));
            return slot.Path + " = " + value;
        });

    private static string? EdgeTime(Random rng, ref Working w)
        => w.EditJson(rng, (root, pick) =>
        {
            // A field that holds a time (by its name or its value) gets a time at the edge of what a calendar can hold.
            var slot = pick(root, s => LooksLikeTime(s)) ?? pick(root, _ => true);
            if (slot is null)
            {
                return null;
            }

            string[] edges =
            {
                "\"0001-01-01 00:00:00\"", "\"0001-01-01T00:00:00\"", "\"9999-12-31 23:59:59\"", "\"9999-12-31T23:59:59-14:00\"", "[1,1,1]",
                "[1,1,1,0,0,0]", "[9999,12,31,23,59,59,999999999]", "-62135596800000", "253402300799999", "0", "-1", "1e15",
                "{\"date\":{\"year\":1,\"month\":1,\"day\":1},\"time\":{\"hour\":0,\"minute\":0,\"second\":0,\"nano\":0}}",
                "{\"year\":9999,\"monthValue\":12,\"dayOfMonth\":31,\"hour\":23,\"minute\":59,\"second\":59}",
            };
            string value = edges[rng.Next(edges.Length)];
            slot.Replace(JsonNode.Parse(value));
            return slot.Path + " = " + Short(value);
        });

    private static bool LooksLikeTime(Slot slot)
    {
        if (slot.Name is { } name && (name.Contains("time", StringComparison.OrdinalIgnoreCase) || name.Contains("expire", StringComparison.OrdinalIgnoreCase) || name.Contains("date", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return slot.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: >= 10 } text
            && char.IsAsciiDigit(text[0]) && text.Length > 4 && text[4] == '-';
    }

    private static string? HugeString(Random rng, ref Working w)
        => w.EditJson(rng, (root, pick) =>
        {
            var slot = pick(root, s => s.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String) ?? pick(root, _ => true);
            if (slot is null)
            {
                return null;
            }

            int length = new[] { 1_000, 70_000, 1_100_000 }[rng.Next(3)];
            string unit = new[] { "A", "\u6c34", "\\", "\"", "/9j/" }[rng.Next(5)];
            var text = new StringBuilder(length + 4);
            while (text.Length < length)
            {
                text.Append(unit);
            }

            slot.Replace(JsonValue.Create(text.ToString()));
            return slot.Path + " = " + length.ToString(CultureInfo.InvariantCulture) + " chars of " + Short(unit);
        });

    private static string? DeepNesting(Random rng, ref Working w)
        => w.EditJson(rng, (root, pick) =>
        {
            var slot = pick(root, _ => true);
            int depth = new[] { 63, 64, 65, 200, 5_000 }[rng.Next(5)];
            bool arrays = rng.Next(2) == 0;
            string nested = arrays ? new string('[', depth) + "1" + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
            if (slot is null)
            {
                return null;
            }

            // Inserted as text after serialisation: JsonNode itself refuses such depth.
            slot.Replace(JsonValue.Create(Working.Marker));
            return (slot.Path + " nested " + depth.ToString(CultureInfo.InvariantCulture) + (arrays ? " arrays" : " objects"), Encoding.UTF8.GetBytes(nested), true);
        });

    private static string? BadBase64(Random rng, ref Working w)
        => w.EditJson(rng, (root, pick) =>
        {
            var slot = pick(root, s => s.Name is { } n && (n.Contains("base64", StringComparison.OrdinalIgnoreCase) || n is "file" or "image" or "data"))
                ?? pick(root, s => s.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                ?? pick(root, _ => true);
            if (slot is null)
            {
                return null;
            }

            string value = InvalidBase64[rng.Next(InvalidBase64.Length)];
            slot.Replace(JsonValue.Create(value));
            return slot.Path + " = " + Short(value);
        });

    private static string? BadUtf8(Random rng, ref Working w)
    {
        var bad = InvalidUtf8[rng.Next(InvalidUtf8.Length)];
        string hex = Convert.ToHexString(bad);
        if (rng.Next(4) == 0 || !w.IsJson)
        {
            // Anywhere in the bytes.
            int at = w.Body.Length == 0 ? 0 : rng.Next(w.Body.Length + 1);
            w.Body = w.Body.Take(at).Concat(bad).Concat(w.Body.Skip(at)).ToArray();
            return "\\x" + hex + " at byte " + at.ToString(CultureInfo.InvariantCulture);
        }

        bool inName = rng.Next(3) == 0;
        return w.EditJson(rng, (root, pick) =>
        {
            // Values: a string's contents, or (half the time) any value turned into such a string.
            var slot = inName
                ? pick(root, s => s.Parent is JsonObject)
                : (rng.Next(2) == 0 ? pick(root, s => s.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String) : null) ?? pick(root, _ => true);
            if (slot is null)
            {
                return null;
            }

            var bytes = Encoding.UTF8.GetBytes("a").Concat(bad).Concat(Encoding.UTF8.GetBytes("b")).ToArray();
            if (inName)
            {
                slot.Rename(Working.Marker);
                return ("name of " + slot.Path + " = a\\x" + hex + "b", bytes, false);
            }

            slot.Replace(JsonValue.Create(Working.Marker));
            return (slot.Path + " = \"a\\x" + hex + "b\"", bytes, false);
        });
    }

    private static string? OddJson(Random rng, ref Working w)
    {
        string[] odd =
        {
            "null", "[]", "{}", "\"text\"", "0", "true", " ", "\uFEFF", "[{}]", "{\"a\":1}{\"b\":2}", "{\"a\":1,}", "{'a':1}",
            "{\"a\":NaN}", "// comment\n{}", "{\"a\":\"\\uD800\"}", "\u0000",
        };
        if (rng.Next(3) == 0 && w.Body.Length > 0)
        {
            // A byte-order mark or trailing rubbish around the real body.
            bool bom = rng.Next(2) == 0;
            w.Body = bom ? new byte[] { 0xEF, 0xBB, 0xBF }.Concat(w.Body).ToArray() : w.Body.Concat(Encoding.UTF8.GetBytes(" }garbage")).ToArray();
            return bom ? "BOM prefix" : "trailing garbage";
        }

        string body = odd[rng.Next(odd.Length)];
        w.Body = Encoding.UTF8.GetBytes(body);
        return Short(body);
    }

    private static string? WrongContentType(Random rng, ref Working w)
    {
        w.ContentType = rng.Next(8) == 0 ? null : WrongContentTypes[rng.Next(WrongContentTypes.Length)];
        return w.ContentType ?? "none";
    }

    private static string? EmptyBody(Random rng, ref Working w)
    {
        w.Body = Array.Empty<byte>();
        if (rng.Next(2) == 0)
        {
            w.ContentType = null;
        }

        return null;
    }

    private static string? HtmlBody(Random rng, ref Working w)
    {
        w.Body = Encoding.UTF8.GetBytes(HtmlPage);
        if (rng.Next(2) == 0)
        {
            w.ContentType = "text/html";
        }

        if (rng.Next(2) == 0)
        {
            w.Status = (HttpStatusCode)new[] { 200, 502, 503, 504, 403 }[rng.Next(5)];
        }

        return "HTTP " + ((int)w.Status).ToString(CultureInfo.InvariantCulture);
    }

    private static string? RandomStatus(Random rng, ref Working w)
    {
        int status = rng.Next(4) == 0 ? 200 + rng.Next(400) : Statuses[rng.Next(Statuses.Length)];
        w.Status = (HttpStatusCode)status;
        return "HTTP " + status.ToString(CultureInfo.InvariantCulture);
    }

    private static string? OddRetryAfter(Random rng, ref Working w)
    {
        w.RetryAfter = RetryAfters[rng.Next(RetryAfters.Length)];
        int[] statuses = { 429, 503, 200, 500, 429, 503 };
        w.Status = (HttpStatusCode)statuses[rng.Next(statuses.Length)];
        return "HTTP " + ((int)w.Status).ToString(CultureInfo.InvariantCulture) + ", Retry-After: " + Short(w.RetryAfter);
    }

    private static string? ContentLengthLie(Random rng, ref Working w)
    {
        w.Transport = new[] { Transport.DeclaredLonger, Transport.DeclaredShorter, Transport.DeclaredHuge }[rng.Next(3)];
        w.CutAt = w.Body.Length == 0 ? 0 : rng.Next(w.Body.Length);
        return w.Transport + " at " + w.CutAt.ToString(CultureInfo.InvariantCulture);
    }

    private static string? Stall(Random rng, ref Working w)
    {
        w.Transport = new[] { Transport.StallAtStart, Transport.StallMidway, Transport.NoHeaders }[rng.Next(3)];
        w.CutAt = w.Body.Length == 0 ? 0 : rng.Next(w.Body.Length);
        if (rng.Next(3) == 0)
        {
            // A stall on an answer the client reads in full before deciding (401, 5xx) rather than on the success body.
            w.Status = (HttpStatusCode)new[] { 401, 500, 503, 429 }[rng.Next(4)];
        }

        return w.Transport + " after " + w.CutAt.ToString(CultureInfo.InvariantCulture) + " bytes, HTTP " + ((int)w.Status).ToString(CultureInfo.InvariantCulture);
    }

    private static string? Reset(Random rng, ref Working w)
    {
        w.Transport = Transport.ResetMidway;
        w.CutAt = w.Body.Length == 0 ? 0 : rng.Next(w.Body.Length);
        return "after " + w.CutAt.ToString(CultureInfo.InvariantCulture) + " bytes";
    }

    private static string Short(string s)
    {
        s = s.Replace("\n", "\\n", StringComparison.Ordinal);
        return s.Length <= 40 ? s : s.Substring(0, 37) + "...";
    }

    /// <summary>The response being mutated.</summary>
    private struct Working
    {
        /// <summary>Stands in for bytes JsonNode cannot hold (invalid UTF-8, extreme depth); swapped after serialisation.</summary>
        public const string Marker = "FUZZ\u2603MARK";

        public Working(Canned valid)
        {
            Status = valid.Status;
            ContentType = valid.ContentType;
            Body = valid.Body;
            Transport = Transport.Normal;
            CutAt = 0;
            RetryAfter = null;
        }

        public HttpStatusCode Status;
        public string? ContentType;
        public byte[] Body;
        public Transport Transport;
        public int CutAt;
        public string? RetryAfter;

        public readonly bool IsJson => TryParse(Body) is not null;

        public delegate Slot? Picker(JsonNode root, Func<Slot, bool> where);

        /// <summary>Parses the body, lets <paramref name="edit"/> change the tree, and writes it back. A body that is not JSON falls back to a byte flip.</summary>
        public string? EditJson(Random rng, Func<JsonNode, Picker, object?> edit)
        {
            var root = TryParse(Body);
            if (root is null)
            {
                return "not JSON, " + ByteFlip(rng, ref this);
            }

            Slot? Pick(JsonNode r, Func<Slot, bool> where)
            {
                var all = Slot.All(r).Where(where).ToList();
                return all.Count == 0 ? null : all[rng.Next(all.Count)];
            }

            object? outcome;
            byte[] text;
            try
            {
                outcome = edit(root, Pick);
                if (outcome is null)
                {
                    return "no place to apply it";
                }

                text = Encoding.UTF8.GetBytes(root.ToJsonString(Relaxed));
            }
            catch (Exception e) when (e is InvalidOperationException or JsonException or ArgumentException)
            {
                // The tree cannot be written back (a value the writer refuses): mutate the bytes instead.
                return "unwritable tree, " + ByteFlip(rng, ref this);
            }

            if (outcome is ValueTuple<string, byte[], bool> raw)
            {
                // raw.Item3: the marker stands for a whole JSON value (quotes included), else for a string's contents.
                byte[] marker = Encoding.UTF8.GetBytes(raw.Item3 ? "\"" + Marker + "\"" : Marker);
                int at = text.AsSpan().IndexOf(marker);
                text = text.Take(at).Concat(raw.Item2).Concat(text.Skip(at + marker.Length)).ToArray();
                Body = text;
                return raw.Item1;
            }

            Body = text;
            return (string)outcome;
        }

        private static JsonNode? TryParse(byte[] body)
        {
            try
            {
                return body.Length == 0 ? null : JsonNode.Parse(body);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
            {
                return null;
            }
        }
    }

    /// <summary>A place in a JSON tree: a property of an object or an element of an array.</summary>
    private sealed class Slot
    {
        private Slot(JsonNode parent, string? name, int index, JsonNode? node, string path)
        {
            Parent = parent;
            Name = name;
            Index = index;
            Node = node;
            Path = path;
        }

        public JsonNode Parent { get; }

        public string? Name { get; }

        public int Index { get; }

        public JsonNode? Node { get; }

        public string Path { get; }

        public static IEnumerable<Slot> All(JsonNode root)
        {
            var stack = new Stack<(JsonNode Node, string Path)>();
            stack.Push((root, "$"));
            while (stack.Count > 0)
            {
                var (node, path) = stack.Pop();
                if (node is JsonObject o)
                {
                    foreach (var p in o.ToList())
                    {
                        var slot = new Slot(o, p.Key, -1, p.Value, path + "." + p.Key);
                        yield return slot;
                        if (p.Value is not null)
                        {
                            stack.Push((p.Value, slot.Path));
                        }
                    }
                }
                else if (node is JsonArray a)
                {
                    for (int i = 0; i < a.Count; i++)
                    {
                        var slot = new Slot(a, null, i, a[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                        yield return slot;
                        if (a[i] is { } child)
                        {
                            stack.Push((child, slot.Path));
                        }
                    }
                }
            }
        }

        public void Replace(JsonNode? value)
        {
            if (Parent is JsonObject o)
            {
                o[Name!] = value;
            }
            else
            {
                ((JsonArray)Parent)[Index] = value;
            }
        }

        public void Rename(string newName)
        {
            var o = (JsonObject)Parent;
            var value = Node;
            o.Remove(Name!);
            o[newName] = value;
        }
    }
}
