#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices
{
    // Lets netstandard2.0 compile `init` accessors and records.
    internal static class IsExternalInit
    {
    }
}
#endif
