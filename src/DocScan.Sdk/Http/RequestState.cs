using System.Collections.Generic;

namespace DocScan.Sdk.Http;

/// <summary>Names one typed entry of a <see cref="RequestState"/>; compared by reference, so each key is declared once.</summary>
/// <typeparam name="T">The entry's type.</typeparam>
internal sealed class RequestStateKey<T>
    where T : class
{
    public RequestStateKey(string name) => Name = name;

    /// <summary>The key's name, for debugging.</summary>
    public string Name { get; }

    public override string ToString() => Name;
}

/// <summary>
/// Typed data a client hands to its authenticator with a request (what to sign, a body's MD5): the explicit channel
/// between them, instead of the authenticator inferring it from the content's type or the HTTP method.
/// </summary>
/// <remarks>
/// A call's state is written while the call is described and only read afterwards; each attempt gets its own copy,
/// which only that attempt's content factory writes to, so no instance is written by two threads.
/// </remarks>
internal sealed class RequestState
{
    // Most calls carry no state: the dictionary is made by the first entry.
    private Dictionary<object, object>? _values;

    public RequestState()
    {
    }

    private RequestState(Dictionary<object, object>? values) => _values = values;

    /// <summary>Sets the entry of <paramref name="key"/>.</summary>
    public void Set<T>(RequestStateKey<T> key, T value)
        where T : class
        => (_values ??= new Dictionary<object, object>())[key] = value;

    /// <summary>The entry of <paramref name="key"/>, or null.</summary>
    public T? Get<T>(RequestStateKey<T> key)
        where T : class
        => _values is not null && _values.TryGetValue(key, out var value) ? (T)value : null;

    /// <summary>A copy for one attempt: the call's entries, to which the attempt may add its own.</summary>
    public RequestState Copy() => new(_values is null ? null : new Dictionary<object, object>(_values));
}
