using Microsoft.Extensions.Options;

namespace AksUpgradeDashboard.Catalog;

/// <summary>Rejects catalog overrides that break the catalog (unknown OS ids, bad versions), naming each key.</summary>
public sealed class ValidateOsCatalogOptions : IValidateOptions<OsCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, OsCatalogOptions options) =>
        OsCatalog.Create(options, out var errors) is null
            ? ValidateOptionsResult.Fail(errors)
            : ValidateOptionsResult.Success;
}
