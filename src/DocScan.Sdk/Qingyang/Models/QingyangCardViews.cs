using System;

namespace DocScan.Sdk.Qingyang;

/// <summary>
/// A typed view over a <see cref="QingyangDocument"/>: properties that read its snake_case fields as text.
/// Derive from it to add a view for a card type the SDK does not cover.
/// </summary>
/// <remarks>
/// <para>The vendor publishes the field names of the ID card front only (<c>name, gender, ethnicity, birth_date,
/// address, id_number</c>). For the other views each property tries the most likely names in turn (listed in its
/// documentation); a property is null when none is present. <see cref="QingyangDocument.Fields"/> always has
/// everything the service sent.</para>
/// <para>Values are text as the service wrote them (dates included: their format is not documented).</para>
/// </remarks>
public abstract class QingyangCardView
{
    /// <summary>Creates a view over <paramref name="document"/>, whatever its type.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    protected QingyangCardView(QingyangDocument document)
    {
        Document = document ?? throw new ArgumentNullException(nameof(document));
    }

    /// <summary>The document, with every field as raw JSON.</summary>
    public QingyangDocument Document { get; }

    /// <summary>The first of <paramref name="names"/> with a non-empty text value.</summary>
    /// <param name="names">Field names, most likely first.</param>
    /// <returns>The text, or null.</returns>
    protected string? Field(params string[] names) => Document.GetFirstString(names);
}

/// <summary>身份证正面 — the front of a Chinese resident ID card. Field names as documented by the vendor.</summary>
public sealed class QingyangIdCardFront : QingyangCardView
{
    /// <summary>Reads <paramref name="document"/> as an ID card front.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public QingyangIdCardFront(QingyangDocument document)
        : base(document)
    {
    }

    /// <summary>姓名 (<c>name</c>).</summary>
    public string? Name => Field("name");

    /// <summary>性别 (<c>gender</c>), e.g. 男.</summary>
    public string? Gender => Field("gender");

    /// <summary>民族 (<c>ethnicity</c>), e.g. 汉.</summary>
    public string? Ethnicity => Field("ethnicity");

    /// <summary>出生 (<c>birth_date</c>), as sent (the vendor's example: <c>1990-01-01</c>).</summary>
    public string? BirthDate => Field("birth_date");

    /// <summary>住址 (<c>address</c>).</summary>
    public string? Address => Field("address");

    /// <summary>公民身份号码 (<c>id_number</c>), 18 characters.</summary>
    public string? IdNumber => Field("id_number");
}

/// <summary>身份证背面 — the back of a Chinese resident ID card. Field names assumed (see <see cref="QingyangCardView"/>).</summary>
public sealed class QingyangIdCardBack : QingyangCardView
{
    /// <summary>Reads <paramref name="document"/> as an ID card back.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public QingyangIdCardBack(QingyangDocument document)
        : base(document)
    {
    }

    /// <summary>签发机关 (<c>issuing_authority</c>, <c>issue_authority</c>, <c>authority</c>).</summary>
    public string? IssuingAuthority => Field("issuing_authority", "issue_authority", "authority");

    /// <summary>有效期限 as one text (<c>valid_period</c>, <c>validity_period</c>, <c>valid_date</c>), e.g. <c>2015.01.01-2035.01.01</c>.</summary>
    public string? ValidPeriod => Field("valid_period", "validity_period", "valid_date");

    /// <summary>The start of the validity (<c>valid_from</c>, <c>start_date</c>), when sent separately.</summary>
    public string? ValidFrom => Field("valid_from", "start_date");

    /// <summary>The end of the validity (<c>valid_to</c>, <c>end_date</c>), when sent separately; may be 长期.</summary>
    public string? ValidTo => Field("valid_to", "end_date");
}

/// <summary>驾驶证 — a driving licence (front, back or electronic). Field names assumed (see <see cref="QingyangCardView"/>).</summary>
public sealed class QingyangDriverLicense : QingyangCardView
{
    /// <summary>Reads <paramref name="document"/> as a driving licence.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public QingyangDriverLicense(QingyangDocument document)
        : base(document)
    {
    }

    /// <summary>证号 (<c>license_number</c>, <c>id_number</c>, <c>card_number</c>).</summary>
    public string? LicenseNumber => Field("license_number", "id_number", "card_number");

    /// <summary>姓名 (<c>name</c>).</summary>
    public string? Name => Field("name");

    /// <summary>性别 (<c>gender</c>).</summary>
    public string? Gender => Field("gender");

    /// <summary>国籍 (<c>nationality</c>).</summary>
    public string? Nationality => Field("nationality");

    /// <summary>住址 (<c>address</c>).</summary>
    public string? Address => Field("address");

    /// <summary>出生日期 (<c>birth_date</c>).</summary>
    public string? BirthDate => Field("birth_date");

    /// <summary>初次领证日期 (<c>first_issue_date</c>, <c>issue_date</c>).</summary>
    public string? FirstIssueDate => Field("first_issue_date", "issue_date");

    /// <summary>准驾车型 (<c>vehicle_class</c>, <c>permitted_vehicle_type</c>, <c>class</c>), e.g. C1.</summary>
    public string? VehicleClass => Field("vehicle_class", "permitted_vehicle_type", "class");

    /// <summary>有效起始日期 (<c>valid_from</c>, <c>start_date</c>).</summary>
    public string? ValidFrom => Field("valid_from", "start_date");

    /// <summary>有效期限 end (<c>valid_to</c>, <c>end_date</c>).</summary>
    public string? ValidTo => Field("valid_to", "end_date");

    /// <summary>有效期限 as one text (<c>valid_period</c>, <c>validity_period</c>).</summary>
    public string? ValidPeriod => Field("valid_period", "validity_period");

    /// <summary>发证机关 (<c>issuing_authority</c>, <c>issue_authority</c>).</summary>
    public string? IssuingAuthority => Field("issuing_authority", "issue_authority");

    /// <summary>档案编号, on the back (<c>file_number</c>, <c>archive_number</c>).</summary>
    public string? FileNumber => Field("file_number", "archive_number");

    /// <summary>记录, on the back (<c>record</c>).</summary>
    public string? Record => Field("record");
}

/// <summary>行驶证 — a vehicle licence (front or back). Field names assumed (see <see cref="QingyangCardView"/>).</summary>
public sealed class QingyangVehicleLicense : QingyangCardView
{
    /// <summary>Reads <paramref name="document"/> as a vehicle licence.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public QingyangVehicleLicense(QingyangDocument document)
        : base(document)
    {
    }

    /// <summary>号牌号码 (<c>plate_number</c>, <c>plate_no</c>, <c>license_plate</c>).</summary>
    public string? PlateNumber => Field("plate_number", "plate_no", "license_plate");

    /// <summary>车辆类型 (<c>vehicle_type</c>).</summary>
    public string? VehicleType => Field("vehicle_type");

    /// <summary>所有人 (<c>owner</c>).</summary>
    public string? Owner => Field("owner");

    /// <summary>住址 (<c>address</c>).</summary>
    public string? Address => Field("address");

    /// <summary>使用性质 (<c>use_character</c>, <c>usage</c>).</summary>
    public string? UseCharacter => Field("use_character", "usage");

    /// <summary>品牌型号 (<c>model</c>, <c>brand_model</c>).</summary>
    public string? Model => Field("model", "brand_model");

    /// <summary>车辆识别代号 (<c>vin</c>, <c>vehicle_identification_number</c>).</summary>
    public string? Vin => Field("vin", "vehicle_identification_number");

    /// <summary>发动机号码 (<c>engine_number</c>, <c>engine_no</c>).</summary>
    public string? EngineNumber => Field("engine_number", "engine_no");

    /// <summary>注册日期 (<c>register_date</c>, <c>registration_date</c>).</summary>
    public string? RegisterDate => Field("register_date", "registration_date");

    /// <summary>发证日期 (<c>issue_date</c>).</summary>
    public string? IssueDate => Field("issue_date");

    /// <summary>档案编号, on the back (<c>file_number</c>, <c>archive_number</c>).</summary>
    public string? FileNumber => Field("file_number", "archive_number");

    /// <summary>核定载人数, on the back (<c>approved_passengers</c>, <c>passenger_capacity</c>).</summary>
    public string? ApprovedPassengers => Field("approved_passengers", "passenger_capacity");

    /// <summary>总质量, on the back (<c>total_mass</c>, <c>gross_mass</c>).</summary>
    public string? TotalMass => Field("total_mass", "gross_mass");

    /// <summary>整备质量, on the back (<c>curb_weight</c>, <c>curb_mass</c>).</summary>
    public string? CurbWeight => Field("curb_weight", "curb_mass");

    /// <summary>外廓尺寸, on the back (<c>overall_dimensions</c>, <c>dimensions</c>).</summary>
    public string? Dimensions => Field("overall_dimensions", "dimensions");

    /// <summary>检验记录, on the back (<c>inspection_record</c>).</summary>
    public string? InspectionRecord => Field("inspection_record");
}

/// <summary>护照 — a passport. Field names assumed (see <see cref="QingyangCardView"/>).</summary>
public sealed class QingyangPassport : QingyangCardView
{
    /// <summary>Reads <paramref name="document"/> as a passport.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public QingyangPassport(QingyangDocument document)
        : base(document)
    {
    }

    /// <summary>护照号 (<c>passport_number</c>, <c>passport_no</c>).</summary>
    public string? PassportNumber => Field("passport_number", "passport_no");

    /// <summary>姓名 (<c>name</c>).</summary>
    public string? Name => Field("name");

    /// <summary>The name in Latin letters (<c>name_en</c>, <c>name_pinyin</c>, <c>english_name</c>).</summary>
    public string? LatinName => Field("name_en", "name_pinyin", "english_name");

    /// <summary>性别 (<c>gender</c>).</summary>
    public string? Gender => Field("gender");

    /// <summary>国籍 (<c>nationality</c>).</summary>
    public string? Nationality => Field("nationality");

    /// <summary>国家码 (<c>country_code</c>).</summary>
    public string? CountryCode => Field("country_code");

    /// <summary>出生日期 (<c>birth_date</c>).</summary>
    public string? BirthDate => Field("birth_date");

    /// <summary>出生地点 (<c>birth_place</c>).</summary>
    public string? BirthPlace => Field("birth_place");

    /// <summary>签发日期 (<c>issue_date</c>).</summary>
    public string? IssueDate => Field("issue_date");

    /// <summary>签发地点 (<c>issue_place</c>).</summary>
    public string? IssuePlace => Field("issue_place");

    /// <summary>有效期至 (<c>expiry_date</c>, <c>expiration_date</c>, <c>valid_until</c>).</summary>
    public string? ExpiryDate => Field("expiry_date", "expiration_date", "valid_until");

    /// <summary>签发机关 (<c>issuing_authority</c>, <c>issue_authority</c>).</summary>
    public string? IssuingAuthority => Field("issuing_authority", "issue_authority");

    /// <summary>The machine-readable zone (<c>mrz</c>).</summary>
    public string? Mrz => Field("mrz");
}

/// <summary>户口本 — a household register page. Field names assumed (see <see cref="QingyangCardView"/>).</summary>
public sealed class QingyangHouseholdRegister : QingyangCardView
{
    /// <summary>Reads <paramref name="document"/> as a household register page.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public QingyangHouseholdRegister(QingyangDocument document)
        : base(document)
    {
    }

    /// <summary>姓名 (<c>name</c>).</summary>
    public string? Name => Field("name");

    /// <summary>户主或与户主关系 (<c>relationship</c>, <c>relation_to_head</c>, <c>relation</c>).</summary>
    public string? Relationship => Field("relationship", "relation_to_head", "relation");

    /// <summary>性别 (<c>gender</c>).</summary>
    public string? Gender => Field("gender");

    /// <summary>民族 (<c>ethnicity</c>).</summary>
    public string? Ethnicity => Field("ethnicity");

    /// <summary>出生日期 (<c>birth_date</c>).</summary>
    public string? BirthDate => Field("birth_date");

    /// <summary>出生地 (<c>birth_place</c>).</summary>
    public string? BirthPlace => Field("birth_place");

    /// <summary>公民身份号码 (<c>id_number</c>).</summary>
    public string? IdNumber => Field("id_number");

    /// <summary>住址 (<c>address</c>).</summary>
    public string? Address => Field("address");

    /// <summary>户号 (<c>household_number</c>, <c>household_no</c>).</summary>
    public string? HouseholdNumber => Field("household_number", "household_no");

    /// <summary>户别 (<c>household_type</c>).</summary>
    public string? HouseholdType => Field("household_type");
}

/// <summary>银行卡 — a bank card. Field names assumed (see <see cref="QingyangCardView"/>).</summary>
public sealed class QingyangBankCard : QingyangCardView
{
    /// <summary>Reads <paramref name="document"/> as a bank card.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public QingyangBankCard(QingyangDocument document)
        : base(document)
    {
    }

    /// <summary>卡号 (<c>card_number</c>, <c>bank_card_number</c>).</summary>
    public string? CardNumber => Field("card_number", "bank_card_number");

    /// <summary>银行名称 (<c>bank_name</c>, <c>bank</c>).</summary>
    public string? BankName => Field("bank_name", "bank");

    /// <summary>卡类型, e.g. 借记卡 or 信用卡 (<c>card_type</c>, <c>card_kind</c>).</summary>
    public string? CardKind => Field("card_type", "card_kind");

    /// <summary>有效期 (<c>valid_thru</c>, <c>expiry_date</c>, <c>valid_date</c>).</summary>
    public string? ValidThru => Field("valid_thru", "expiry_date", "valid_date");

    /// <summary>持卡人 (<c>holder_name</c>, <c>name</c>).</summary>
    public string? HolderName => Field("holder_name", "name");
}

/// <summary>营业执照 — a business licence. Field names assumed (see <see cref="QingyangCardView"/>).</summary>
public sealed class QingyangBusinessLicense : QingyangCardView
{
    /// <summary>Reads <paramref name="document"/> as a business licence.</summary>
    /// <param name="document">The document.</param>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public QingyangBusinessLicense(QingyangDocument document)
        : base(document)
    {
    }

    /// <summary>统一社会信用代码 (<c>credit_code</c>, <c>unified_social_credit_code</c>, <c>social_credit_code</c>).</summary>
    public string? CreditCode => Field("credit_code", "unified_social_credit_code", "social_credit_code");

    /// <summary>名称 (<c>company_name</c>, <c>name</c>, <c>enterprise_name</c>).</summary>
    public string? CompanyName => Field("company_name", "name", "enterprise_name");

    /// <summary>类型, e.g. 有限责任公司 (<c>company_type</c>, <c>enterprise_type</c>).</summary>
    public string? CompanyType => Field("company_type", "enterprise_type");

    /// <summary>法定代表人 (<c>legal_representative</c>, <c>legal_person</c>).</summary>
    public string? LegalRepresentative => Field("legal_representative", "legal_person");

    /// <summary>注册资本 (<c>registered_capital</c>).</summary>
    public string? RegisteredCapital => Field("registered_capital");

    /// <summary>成立日期 (<c>establishment_date</c>, <c>established_date</c>, <c>founding_date</c>).</summary>
    public string? EstablishmentDate => Field("establishment_date", "established_date", "founding_date");

    /// <summary>营业期限 (<c>business_term</c>, <c>operating_period</c>, <c>valid_period</c>).</summary>
    public string? BusinessTerm => Field("business_term", "operating_period", "valid_period");

    /// <summary>住所 (<c>address</c>, <c>domicile</c>).</summary>
    public string? Address => Field("address", "domicile");

    /// <summary>经营范围 (<c>business_scope</c>).</summary>
    public string? BusinessScope => Field("business_scope");

    /// <summary>登记机关 (<c>registration_authority</c>).</summary>
    public string? RegistrationAuthority => Field("registration_authority");
}
