using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using DocScan.Sdk.Qingyang;

namespace DocScan.Sdk.Tests.Qingyang;

public class QingyangResultTests
{
    private static async Task<QingyangRecognizeResult> RecognizeWith(string json)
    {
        var (client, _, _, _) = QingyangWireFormatTests.Create(_ => Recorder.Json(HttpStatusCode.OK, json));
        using var _ = client;
        return await client.RecognizeAsync(ImageInput.FromBytes(QingyangWireFormatTests.Jpeg, "idcard.jpg"), cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Documented_example_gives_card_type_usage_file_and_an_id_card_front_view()
    {
        var result = await RecognizeWith(QingyangWireFormatTests.ExampleResponse);

        Assert.Equal(new[] { QingyangCardType.IdCardFront }, result.CardTypes);
        Assert.Equal("idcard_front", result.CardTypes[0].Code);
        Assert.Equal(1523, result.Usage.InputTokens);
        Assert.Equal(89, result.Usage.OutputTokens);
        Assert.Equal(1612, result.Usage.TotalTokens);
        Assert.Equal("/path/to/idcard.jpg", result.FilePath);
        Assert.Equal("idcard.jpg", result.FileName);
        Assert.Null(result.RawResult);
        Assert.Equal("Qingyang", result.Vendor);
        Assert.Equal("Recognize", result.Operation);
        Assert.Equal(1, result.Attempts);

        var document = Assert.Single(result.Documents);
        Assert.Equal(QingyangCardType.IdCardFront, document.Type);
        var idCard = document.AsIdCardFront();
        Assert.NotNull(idCard);
        Assert.Equal("张三", idCard.Name);
        Assert.Equal("男", idCard.Gender);
        Assert.Equal("汉", idCard.Ethnicity);
        Assert.Equal("1990-01-01", idCard.BirthDate);
        Assert.Equal("北京市朝阳区XX路XX号", idCard.Address);
        Assert.Equal("110101199001011234", idCard.IdNumber);
        Assert.Null(document.AsIdCardBack());
        Assert.Null(document.AsDriverLicense());
    }

    [Fact]
    public async Task Several_card_types_become_a_list_and_unrecognised_becomes_an_empty_list()
    {
        var both = await RecognizeWith("""
            {"success":true,"cardType":"身份证正面,身份证背面","tokensIn":1,"tokensOut":2,
             "result":[{"type":"身份证正面","name":"张三"},{"type":"身份证背面","issuing_authority":"北京市公安局朝阳分局","valid_period":"2015.01.01-2035.01.01"}]}
            """);
        var none = await RecognizeWith("""{"success":true,"cardType":"未知","tokensIn":1,"tokensOut":0,"result":[]}""");

        Assert.Equal(new[] { QingyangCardType.IdCardFront, QingyangCardType.IdCardBack }, both.CardTypes);
        Assert.Equal("身份证正面,身份证背面", both.CardTypeText);
        var back = both.Documents[1].AsIdCardBack();
        Assert.NotNull(back);
        Assert.Equal("北京市公安局朝阳分局", back.IssuingAuthority);
        Assert.Equal("2015.01.01-2035.01.01", back.ValidPeriod);

        Assert.Empty(none.CardTypes);
        Assert.Equal("未知", none.CardTypeText);
        Assert.Empty(none.Documents);
    }

    [Fact]
    public async Task Unknown_card_type_and_unknown_fields_round_trip_through_the_raw_view()
    {
        const string permit = """{"type":"港澳通行证","permit_number":"C12345678","entries":{"hk":"1次","mo":null},"valid_years":10,"chinese_name":"李四"}""";
        var result = await RecognizeWith($$"""
            {"success":true,"cardType":"港澳通行证,身份证正面","tokensIn":5,"tokensOut":6,
             "result":[{{permit}},{"type":"身份证正面","name":"张三","id_number":"110101199001011234","face_quality":0.97,"warnings":["反光"]}]}
            """);

        var unknownType = result.CardTypes[0];
        Assert.Equal("港澳通行证", unknownType.Name);
        Assert.False(unknownType.IsKnown);
        Assert.Null(unknownType.Code);
        Assert.Null(unknownType.Category);

        var document = result.Documents[0];
        Assert.Equal("港澳通行证", document.TypeName);
        Assert.Equal(unknownType, document.Type);
        Assert.Equal(4, document.Fields.Count);
        Assert.Equal("C12345678", document.GetString("permit_number"));
        Assert.Equal("10", document.GetString("valid_years"));
        Assert.Equal("""{"hk":"1次","mo":null}""", document.Fields["entries"].GetRawText());
        Assert.Null(document.AsIdCardFront());
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(permit).RootElement, document.Json));

        // New fields on a known type are kept beside the typed view.
        var idCard = result.Documents[1];
        Assert.Equal("110101199001011234", idCard.AsIdCardFront()!.IdNumber);
        Assert.Equal(0.97, idCard.Fields["face_quality"].GetDouble());
        Assert.Equal("反光", idCard.Fields["warnings"][0].GetString());
    }

    [Fact]
    public void Typed_views_read_their_card_types_and_refuse_others()
    {
        using var json = JsonDocument.Parse("""
            [{"type":"驾驶证正面","license_number":"110101199001011234","name":"王五","vehicle_class":"C1","valid_from":"2020-01-01","valid_to":"2026-01-01"},
             {"type":"行驶证正面","plate_number":"京A12345","vin":"LSVAG2180E2100001","owner":"王五"},
             {"type":"银行卡","card_number":"6222020200112233445","bank_name":"中国工商银行","card_type":"借记卡"},
             {"type":"营业执照","unified_social_credit_code":"91110000100000000X","company_name":"某某有限公司","legal_representative":"赵六"},
             {"type":"护照","passport_number":"E12345678","name":"张三","expiry_date":"2030-01-01"},
             {"type":"户口本","name":"张三","relationship":"户主","id_number":"110101199001011234"}]
            """);
        var documents = json.RootElement.EnumerateArray().Select(e => new QingyangDocument(e)).ToArray();

        var driver = documents[0].AsDriverLicense();
        Assert.NotNull(driver);
        Assert.Equal("110101199001011234", driver.LicenseNumber);
        Assert.Equal("C1", driver.VehicleClass);
        Assert.Equal("2026-01-01", driver.ValidTo);
        Assert.Null(documents[0].AsVehicleLicense());

        var vehicle = documents[1].AsVehicleLicense();
        Assert.NotNull(vehicle);
        Assert.Equal("京A12345", vehicle.PlateNumber);
        Assert.Equal("LSVAG2180E2100001", vehicle.Vin);
        Assert.Null(documents[1].AsDriverLicense());

        Assert.Equal("中国工商银行", documents[2].AsBankCard()!.BankName);
        Assert.Equal("借记卡", documents[2].AsBankCard()!.CardKind);
        Assert.Equal("91110000100000000X", documents[3].AsBusinessLicense()!.CreditCode);
        Assert.Equal("赵六", documents[3].AsBusinessLicense()!.LegalRepresentative);
        Assert.Equal("E12345678", documents[4].AsPassport()!.PassportNumber);
        Assert.Equal("户主", documents[5].AsHouseholdRegister()!.Relationship);
        Assert.Null(documents[5].AsBankCard());
    }

    [Fact]
    public void Card_type_table_has_both_names_and_keeps_the_vendors_swapped_licence_codes()
    {
        Assert.Equal("driver_license_front", QingyangCardType.FromName("行驶证正面").Code);
        Assert.Equal(QingyangCardType.VehicleLicenseFront, QingyangCardType.FromName("行驶证正面"));
        Assert.True(QingyangCardType.TryFromCode("vehicle_license_front", out var driverFront));
        Assert.Equal("驾驶证正面", driverFront.Name);
        Assert.Equal(QingyangCategory.DriverLicense, driverFront.Category);
        Assert.Equal(QingyangCategory.IdCard, QingyangCardType.IdCardBack.Category);
        Assert.False(QingyangCardType.TryFromCode("no_such_card", out _));
        Assert.Equal(19, QingyangCardType.Known.Count);
        Assert.Equal(QingyangCardType.Known.Count, QingyangCardType.Known.Select(t => t.Name).Distinct().Count());
    }
}
