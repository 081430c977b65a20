using QRCoder;

namespace TimeBank.Api.Slots;

/// <summary>
/// What the slot's check-in QR carries (ADR 0043): the address of the slot's page with its check-in code,
/// <c>/slots/{id}?code=XXXX</c>, which a volunteer's phone opens with the code already in the check-in form.
/// </summary>
public static class SlotCheckInQr
{
    public static string Address(string baseAddress, Guid slotId, string code) =>
        $"{baseAddress.TrimEnd('/')}/slots/{slotId}?code={Uri.EscapeDataString(code)}";

    public static string Svg(string address)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(address, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(4);
    }
}
