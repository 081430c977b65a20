using QRCoder;

namespace TimeBank.Api.Accounts.Redemptions;

/// <summary>The redemption code as a QR code, for a till with a scanner: an SVG document of the code's digits only.</summary>
public static class RedemptionCodeQr
{
    public static string Svg(string code)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(4);
    }
}
