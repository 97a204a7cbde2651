using System;
using System.Collections.Generic;

namespace DocScan.Sdk.Qingyang;

/// <summary>
/// A Qingyang card type (证件类型): the Chinese name the service returns in <c>type</c> and <c>cardType</c>,
/// its English code (<c>card_type_en</c>) and its broad category (一级分类). An extensible enum: a name the
/// table below does not list is still a value, with <see cref="Code"/> and <see cref="Category"/> null.
/// </summary>
/// <remarks>
/// <para>Values are equal when their Chinese <see cref="Name"/>s are equal (ordinal), because that is what the
/// service sends.</para>
/// <para>The vendor's English codes for 行驶证 and 驾驶证 look swapped against plain English (行驶证, the vehicle
/// licence, is <c>driver_license_*</c>; 驾驶证, the driving licence, is <c>vehicle_license_*</c>). The member names
/// here follow the Chinese meaning; <see cref="Code"/> keeps the vendor's strings exactly.</para>
/// </remarks>
public readonly struct QingyangCardType : IEquatable<QingyangCardType>
{
    private readonly string? _name;

    /// <summary>A card type by its Chinese name; prefer <see cref="FromName"/>, which fills in the code of a listed type.</summary>
    /// <param name="name">The Chinese name, as in the vendor's <c>type</c> field.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public QingyangCardType(string name)
        : this(string.IsNullOrEmpty(name) ? throw new ArgumentException("A card type name is required.", nameof(name)) : name, null, null)
    {
    }

    private QingyangCardType(string name, string? code, string? category)
    {
        _name = name;
        Code = code;
        CategoryName = category;
    }

    /// <summary>身份证正面 — ID card, front (<c>idcard_front</c>).</summary>
    public static QingyangCardType IdCardFront { get; } = new("身份证正面", "idcard_front", "身份证");

    /// <summary>身份证背面 — ID card, back (<c>idcard_back</c>).</summary>
    public static QingyangCardType IdCardBack { get; } = new("身份证背面", "idcard_back", "身份证");

    /// <summary>行驶证正面 — vehicle licence, front (vendor code <c>driver_license_front</c>).</summary>
    public static QingyangCardType VehicleLicenseFront { get; } = new("行驶证正面", "driver_license_front", "行驶证");

    /// <summary>行驶证背面 — vehicle licence, back (vendor code <c>driver_license_back</c>).</summary>
    public static QingyangCardType VehicleLicenseBack { get; } = new("行驶证背面", "driver_license_back", "行驶证");

    /// <summary>驾驶证正面 — driving licence, front (vendor code <c>vehicle_license_front</c>).</summary>
    public static QingyangCardType DriverLicenseFront { get; } = new("驾驶证正面", "vehicle_license_front", "驾驶证");

    /// <summary>驾驶证背面 — driving licence, back (vendor code <c>vehicle_license_back</c>).</summary>
    public static QingyangCardType DriverLicenseBack { get; } = new("驾驶证背面", "vehicle_license_back", "驾驶证");

    /// <summary>电子驾驶证 — electronic driving licence (vendor code <c>vehicle_license_electronic</c>).</summary>
    public static QingyangCardType ElectronicDriverLicense { get; } = new("电子驾驶证", "vehicle_license_electronic", "驾驶证");

    /// <summary>护照 — passport (<c>passport</c>).</summary>
    public static QingyangCardType Passport { get; } = new("护照", "passport", "护照");

    /// <summary>户口本 — household register (<c>household</c>).</summary>
    public static QingyangCardType HouseholdRegister { get; } = new("户口本", "household", "户口本");

    /// <summary>银行卡 — bank card (<c>bank_card</c>).</summary>
    public static QingyangCardType BankCard { get; } = new("银行卡", "bank_card", "银行卡");

    /// <summary>营业执照 — business licence (<c>business_license</c>).</summary>
    public static QingyangCardType BusinessLicense { get; } = new("营业执照", "business_license", "营业执照");

    /// <summary>结婚证 — marriage certificate (<c>marriage_cert</c>).</summary>
    public static QingyangCardType MarriageCertificate { get; } = new("结婚证", "marriage_cert", "结婚证");

    /// <summary>离婚证 — divorce certificate (<c>divorce_cert</c>).</summary>
    public static QingyangCardType DivorceCertificate { get; } = new("离婚证", "divorce_cert", "离婚证");

    /// <summary>军官证 — military officer's certificate (<c>army_cert</c>).</summary>
    public static QingyangCardType MilitaryOfficerCertificate { get; } = new("军官证", "army_cert", "军官证");

    /// <summary>社保卡 — social security card (<c>social_card</c>).</summary>
    public static QingyangCardType SocialSecurityCard { get; } = new("社保卡", "social_card", "社保卡");

    /// <summary>出生医学证明 — medical birth certificate (<c>bornmedical_cert</c>).</summary>
    public static QingyangCardType BirthCertificate { get; } = new("出生医学证明", "bornmedical_cert", "出生医学证明");

    /// <summary>车辆登记证 — vehicle registration certificate (<c>vehicle_registration</c>).</summary>
    public static QingyangCardType VehicleRegistrationCertificate { get; } = new("车辆登记证", "vehicle_registration", "车辆登记证");

    /// <summary>车辆合格证 — vehicle conformity certificate (<c>vehicle_conformity_cert</c>).</summary>
    public static QingyangCardType VehicleConformityCertificate { get; } = new("车辆合格证", "vehicle_conformity_cert", "车辆合格证");

    /// <summary>车辆货物进口证明书 — vehicle import certificate. The vendor's page is cut off before its English code, so <see cref="Code"/> is null.</summary>
    public static QingyangCardType VehicleImportCertificate { get; } = new("车辆货物进口证明书", null, "车辆货物进口证明书");

    /// <summary>Every card type the vendor's table lists, in its order.</summary>
    public static IReadOnlyList<QingyangCardType> Known { get; } = new[]
    {
        IdCardFront, IdCardBack, VehicleLicenseFront, VehicleLicenseBack, DriverLicenseFront, DriverLicenseBack,
        ElectronicDriverLicense, Passport, HouseholdRegister, BankCard, BusinessLicense, MarriageCertificate,
        DivorceCertificate, MilitaryOfficerCertificate, SocialSecurityCard, BirthCertificate,
        VehicleRegistrationCertificate, VehicleConformityCertificate, VehicleImportCertificate,
    };

    /// <summary>The Chinese name (<c>身份证正面</c>), as the service sends it; empty for <c>default</c>.</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>The vendor's English code (<c>card_type_en</c>, e.g. <c>idcard_front</c>), or null for a type the table does not list.</summary>
    public string? Code { get; }

    /// <summary>The broad category (一级分类) this type belongs to, or null for a type the table does not list.</summary>
    public QingyangCategory? Category => CategoryName is null ? (QingyangCategory?)null : new QingyangCategory(CategoryName);

    /// <summary>Whether the vendor's table lists this type (so <see cref="Category"/> is known).</summary>
    public bool IsKnown => CategoryName is not null;

    private string? CategoryName { get; }

    /// <summary>The listed type with this Chinese name, or an unlisted value carrying the name as it is.</summary>
    /// <param name="name">The Chinese name, as in the vendor's <c>type</c> field (surrounding white space is ignored).</param>
    /// <returns>The card type.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or white space.</exception>
    public static QingyangCardType FromName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A card type name is required.", nameof(name));
        }

        name = name.Trim();
        for (int i = 0; i < Known.Count; i++) // not foreach: an interface's enumerator is an allocation per call
        {
            var known = Known[i];
            if (string.Equals(known.Name, name, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return new QingyangCardType(name, null, null);
    }

    /// <summary>Finds the listed type with this English code (<c>card_type_en</c>, compared ignoring case).</summary>
    /// <param name="code">The code, e.g. <c>idcard_front</c>.</param>
    /// <param name="cardType">The type, when found.</param>
    /// <returns>Whether the code is in the vendor's table.</returns>
    public static bool TryFromCode(string? code, out QingyangCardType cardType)
    {
        for (int i = 0; i < Known.Count; i++) // not foreach: an interface's enumerator is an allocation per call
        {
            var known = Known[i];
            if (known.Code is not null && string.Equals(known.Code, code, StringComparison.OrdinalIgnoreCase))
            {
                cardType = known;
                return true;
            }
        }

        cardType = default;
        return false;
    }

    /// <summary>Compares by <see cref="Name"/>.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(QingyangCardType left, QingyangCardType right) => left.Equals(right);

    /// <summary>Compares by <see cref="Name"/>.</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(QingyangCardType left, QingyangCardType right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(QingyangCardType other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is QingyangCardType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <summary>The Chinese name, and the code when known: <c>身份证正面 (idcard_front)</c>.</summary>
    /// <returns>A display string.</returns>
    public override string ToString() => Code is null ? Name : Name + " (" + Code + ")";
}

/// <summary>
/// The <c>category</c> filter of a recognition: a broad category (身份证, 驾驶证 …) or an exact card type
/// (身份证正面 …). The service accepts both; any other string is sent as it is.
/// </summary>
/// <remarks>
/// An exact type is sent by its Chinese name (<see cref="QingyangCardType.Name"/>), the form the vendor's
/// example uses. Whether the service also accepts the English code is not documented; pass
/// <c>new QingyangCategory("idcard_front")</c> to try.
/// </remarks>
public readonly struct QingyangCategory : IEquatable<QingyangCategory>
{
    private readonly string? _value;

    /// <summary>A category from its raw string, sent unchanged.</summary>
    /// <param name="value">The category or card type name.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null or white space.</exception>
    public QingyangCategory(string value)
    {
        _value = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A category is required.", nameof(value)) : value;
    }

    /// <summary>身份证 — ID cards (front or back).</summary>
    public static QingyangCategory IdCard { get; } = new("身份证");

    /// <summary>行驶证 — vehicle licences (front or back).</summary>
    public static QingyangCategory VehicleLicense { get; } = new("行驶证");

    /// <summary>驾驶证 — driving licences (front, back or electronic).</summary>
    public static QingyangCategory DriverLicense { get; } = new("驾驶证");

    /// <summary>护照 — passports.</summary>
    public static QingyangCategory Passport { get; } = new("护照");

    /// <summary>户口本 — household registers.</summary>
    public static QingyangCategory HouseholdRegister { get; } = new("户口本");

    /// <summary>银行卡 — bank cards.</summary>
    public static QingyangCategory BankCard { get; } = new("银行卡");

    /// <summary>营业执照 — business licences.</summary>
    public static QingyangCategory BusinessLicense { get; } = new("营业执照");

    /// <summary>结婚证 — marriage certificates.</summary>
    public static QingyangCategory MarriageCertificate { get; } = new("结婚证");

    /// <summary>离婚证 — divorce certificates.</summary>
    public static QingyangCategory DivorceCertificate { get; } = new("离婚证");

    /// <summary>军官证 — military officer's certificates.</summary>
    public static QingyangCategory MilitaryOfficerCertificate { get; } = new("军官证");

    /// <summary>社保卡 — social security cards.</summary>
    public static QingyangCategory SocialSecurityCard { get; } = new("社保卡");

    /// <summary>出生医学证明 — medical birth certificates.</summary>
    public static QingyangCategory BirthCertificate { get; } = new("出生医学证明");

    /// <summary>车辆登记证 — vehicle registration certificates.</summary>
    public static QingyangCategory VehicleRegistrationCertificate { get; } = new("车辆登记证");

    /// <summary>车辆合格证 — vehicle conformity certificates.</summary>
    public static QingyangCategory VehicleConformityCertificate { get; } = new("车辆合格证");

    /// <summary>车辆货物进口证明书 — vehicle import certificates.</summary>
    public static QingyangCategory VehicleImportCertificate { get; } = new("车辆货物进口证明书");

    /// <summary>The string sent as <c>category</c>; empty for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>A filter for exactly one card type, sent by its Chinese name.</summary>
    /// <param name="cardType">The card type.</param>
    /// <returns>The category.</returns>
    /// <exception cref="ArgumentException"><paramref name="cardType"/> is <c>default</c>.</exception>
    public static QingyangCategory Exactly(QingyangCardType cardType) => new(cardType.Name);

    /// <summary>A category from a raw string (see <see cref="QingyangCategory(string)"/>).</summary>
    /// <param name="value">The category or card type name.</param>
    /// <returns>The category.</returns>
    public static QingyangCategory FromString(string value) => new(value);

    /// <summary>A category from a raw string (see <see cref="QingyangCategory(string)"/>).</summary>
    /// <param name="value">The category or card type name.</param>
    public static implicit operator QingyangCategory(string value) => new(value);

    /// <summary>A filter for exactly one card type (see <see cref="Exactly"/>).</summary>
    /// <param name="cardType">The card type.</param>
    public static implicit operator QingyangCategory(QingyangCardType cardType) => Exactly(cardType);

    /// <summary>Compares by <see cref="Value"/> (ordinal).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(QingyangCategory left, QingyangCategory right) => left.Equals(right);

    /// <summary>Compares by <see cref="Value"/> (ordinal).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(QingyangCategory left, QingyangCategory right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(QingyangCategory other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is QingyangCategory other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The value sent.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value;
}
