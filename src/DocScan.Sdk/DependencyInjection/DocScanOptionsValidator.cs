using Microsoft.Extensions.Options;

namespace DocScan.Sdk.DependencyInjection;

/// <summary>Validates every vendor section at start-up and lists every problem at once.</summary>
internal sealed class DocScanOptionsValidator : IValidateOptions<DocScanOptions>
{
    public ValidateOptionsResult Validate(string? name, DocScanOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
