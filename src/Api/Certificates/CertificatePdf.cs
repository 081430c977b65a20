using System.Globalization;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
using TimeBank.Ledger.Certificates;

namespace TimeBank.Api.Certificates;

/// <summary>Whether the printed certificate stands or was revoked (then every page is stamped 已撤销 REVOKED).</summary>
public enum CertificatePrintStatus
{
    Issued,
    Revoked,
}

/// <summary>
/// What a printed certificate shows: its frozen <paramref name="Content"/>, the human <paramref name="VerificationCode"/>
/// (as stored, printed <c>XXXX-XXXX-XXXX</c>), the volunteer's name and ID as the host holds them now (「（已删除）」 once
/// the person was erased: the content never held them), and the address its QR code carries.
/// </summary>
public sealed record CertificatePrint(
    CertificateContent Content,
    string VerificationCode,
    string VolunteerName,
    string IdType,
    string IdNumber,
    string VerificationUrl,
    CertificatePrintStatus Status);

/// <summary>
/// The certificate of volunteer service (志愿服务记录证明) as a printable PDF in the national format (民发〔2015〕149号): A4
/// portrait, the number and the human verification code, the volunteer, the table of records (continued on further pages,
/// its header repeated, when long), the total hours, the star level, who issued it and when, the notes, and a QR code of
/// the verification address. Set in <see cref="CertificateFont"/>, embedded.
/// </summary>
public static class CertificatePdf
{
    /// <summary>The title of the national format.</summary>
    public const string Title = "志愿服务记录证明";

    /// <summary>The title of a star certificate (<see cref="CertificateKind.Star"/>).</summary>
    public const string StarTitle = "志愿服务星级证明";

    /// <summary>The title a certificate of this kind is printed under.</summary>
    public static string TitleOf(CertificateKind kind) => kind == CertificateKind.Star ? StarTitle : Title;

    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Margin = 50;
    private const double ContentWidth = PageWidth - (2 * Margin);
    private const double BodyTop = 58;
    private const double BodyBottom = PageHeight - 64;
    private const double QrSize = 112;
    private const double MaximumQrSize = 200;
    private const double MinimumQrModule = 1.5;
    private const double CellPadding = 4;
    private const double TableLineHeight = 13;
    private const double HeaderRowHeight = 22;

    // 序号, 项目, 日期, 服务内容, 时长(小时): the content takes what the others leave.
    private static readonly double[] ColumnWidths = [30, 112, 66, ContentWidth - 30 - 112 - 66 - 62, 62];
    private static readonly string[] ColumnTitles = ["序号", "项目", "日期", "服务内容", "时长(小时)"];

    private static readonly XPdfFontOptions Embedded = new(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
    private static readonly XPen RulePen = new(XColors.Black, 0.6);
    private static readonly XPen ThinPen = new(XColor.FromArgb(140, 140, 140), 0.4);
    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush Revoked = new XSolidBrush(XColor.FromArgb(200, 0, 0));
    private static readonly XBrush HeaderShade = new XSolidBrush(XColor.FromArgb(235, 235, 235));

    /// <summary>The certificate as a PDF document.</summary>
    /// <exception cref="CertificateFontMissingException">The font is not on this machine (see <see cref="CertificateFont.EnsureInstalledAsync"/>).</exception>
    public static byte[] Render(CertificatePrint print)
    {
        ArgumentNullException.ThrowIfNull(print);
        ArgumentNullException.ThrowIfNull(print.Content);
        CertificateFont.RequireInstalled();
        CertificateFont.UseInPdfs();

        using var document = new PdfDocument();
        document.Info.Title = $"{TitleOf(print.Content.Kind)} {print.Content.Number}";
        document.Info.Creator = "TimeBank";
        // No personal data in the document's metadata: only on the page, where the paper holder put it.
        new Writer(document, print).Write();
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Hours from minutes as printed: one decimal, or two when the minutes need them (90 → 1.5, 45 → 0.75, 20 → 0.33).</summary>
    public static string Hours(long minutes) => (minutes / 60m).ToString("0.0#", CultureInfo.InvariantCulture);

    /// <summary>The star level in words: 一星级 … 五星级, or 未评定 (none yet).</summary>
    public static string StarLevel(int level) => level switch
    {
        <= 0 => "未评定",
        <= 10 => "零一二三四五六七八九十"[level] + "星级",
        _ => level.ToString(CultureInfo.InvariantCulture) + "星级",
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string LongDay(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{day.Year}年{day.Month:00}月{day.Day:00}日");

    /// <summary>Lays the certificate out page by page; page numbers are written last, when the count is known.</summary>
    private sealed class Writer
    {
        private readonly PdfDocument _document;
        private readonly CertificatePrint _print;
        private readonly CertificateContent _content;
        private readonly string _code;
        private readonly XFont _title = new(CertificateFont.FamilyName, 22, XFontStyleEx.Bold, Embedded);
        private readonly XFont _label = new(CertificateFont.FamilyName, 11, XFontStyleEx.Regular, Embedded);
        private readonly XFont _strong = new(CertificateFont.FamilyName, 12, XFontStyleEx.Bold, Embedded);
        private readonly XFont _cell = new(CertificateFont.FamilyName, 9.5, XFontStyleEx.Regular, Embedded);
        private readonly XFont _small = new(CertificateFont.FamilyName, 9, XFontStyleEx.Regular, Embedded);
        private readonly XFont _stamp = new(CertificateFont.FamilyName, 40, XFontStyleEx.Bold, Embedded);
        private readonly Dictionary<(XFont, int), double> _widths = [];
        private XGraphics? _page;
        private double _y;

        public Writer(PdfDocument document, CertificatePrint print)
        {
            _document = document;
            _print = print;
            _content = print.Content;
            _code = Ledger.Certificates.VerificationCode.Printed(print.VerificationCode ?? "");
        }

        private XGraphics Page => _page ?? throw new InvalidOperationException("No page is open.");

        public void Write()
        {
            FirstPage();
            if (_content.Kind == CertificateKind.Service)
            {
                Records();
            }

            Closing();
            _page?.Dispose();
            _page = null;
            Footers();
        }

        private void NewPage()
        {
            _page?.Dispose();
            var page = _document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Portrait;
            _page = XGraphics.FromPdfPage(page);
            if (_print.Status == CertificatePrintStatus.Revoked)
            {
                RevokedStamp();
            }

            _y = BodyTop;
        }

        private void FirstPage()
        {
            NewPage();
            var g = Page;
            g.DrawString(TitleOf(_content.Kind), _title, Ink, new XRect(Margin, _y, ContentWidth, 30), XStringFormats.TopCenter);

            using var qrGenerator = new QRCodeGenerator();
            using var qr = qrGenerator.CreateQrCode(_print.VerificationUrl, QRCodeGenerator.ECCLevel.M);
            // A module no smaller than half a millimetre, so that a long address still reads from paper.
            var qrSize = Math.Clamp(qr.ModuleMatrix.Count * MinimumQrModule, QrSize, MaximumQrSize);
            var qrLeft = PageWidth - Margin - qrSize;
            var qrTop = _y + (_print.Status == CertificatePrintStatus.Revoked ? 50 : 38);
            QrCode(qr, qrLeft, qrTop, qrSize);
            g.DrawString("扫码验证", _small, Ink, new XRect(qrLeft, qrTop + qrSize + 2, qrSize, 12), XStringFormats.TopCenter);

            _y += 44;
            if (_print.Status == CertificatePrintStatus.Revoked)
            {
                g.DrawString("已撤销 REVOKED：本证明已由出具单位撤销", _label, Revoked, new XRect(Margin, _y - 10, ContentWidth, 14), XStringFormats.TopCenter);
                _y += 12;
            }

            var left = Margin;
            var width = qrLeft - Margin - 12;
            Field(left, width, "证明编号", _content.Number);
            Field(left, width, "验证码", _code);
            Field(left, width, "姓名", _print.VolunteerName);
            Field(left, width, "证件类型", _print.IdType);
            Field(left, width, "证件号码", _print.IdNumber);
            Field(left, width, "志愿者编号", _content.VolunteerNumber);
            Field(left, width, "服务期间", $"{Day(_content.Period.From)} 至 {Day(_content.Period.To)}");
            _y = Math.Max(_y, qrTop + qrSize + 16) + 6;

            var intro = _content.Kind == CertificateKind.Star
                ? $"兹证明 {_print.VolunteerName} 自 {LongDay(_content.Period.From)} 起在 {_content.Organization} 参加志愿服务，经记录，" +
                    $"截至 {LongDay(_content.IssuedOn)} 累计志愿服务时长 {Hours(_content.TotalMinutes)} 小时，达到 {StarLevel(_content.StarLevel)}志愿者标准。"
                : $"兹证明 {_print.VolunteerName} 于 {LongDay(_content.Period.From)} 至 {LongDay(_content.Period.To)} 期间在 {_content.Organization} " +
                $"参加志愿服务，经记录，累计志愿服务时长 {Hours(_content.TotalMinutes)} 小时，服务记录如下：";
            Paragraph(intro, _label, Margin, ContentWidth, 17);
            _y += 6;
        }

        private void Field(double left, double width, string label, string value)
        {
            Paragraph($"{label}：{value}", _label, left, width, 18);
        }

        private void Paragraph(string text, XFont font, double left, double width, double lineHeight)
        {
            foreach (var line in Wrap(text, font, width))
            {
                if (_y + lineHeight > BodyBottom)
                {
                    ContinuationPage();
                }

                Page.DrawString(line, font, Ink, new XRect(left, _y, width, lineHeight), XStringFormats.TopLeft);
                _y += lineHeight;
            }
        }

        private void ContinuationPage()
        {
            NewPage();
            Page.DrawString($"{TitleOf(_content.Kind)}（续）　证明编号：{_content.Number}　验证码：{_code}", _small, Ink,
                new XRect(Margin, _y, ContentWidth, 12), XStringFormats.TopLeft);
            _y += 20;
        }

        private void Records()
        {
            HeaderRow();
            var records = _content.Records;
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];
                var cells = new[]
                {
                    Wrap((i + 1).ToString(CultureInfo.InvariantCulture), _cell, ColumnWidths[0] - (2 * CellPadding)),
                    Wrap(record.Project, _cell, ColumnWidths[1] - (2 * CellPadding)),
                    Wrap(Day(record.Day), _cell, ColumnWidths[2] - (2 * CellPadding)),
                    Wrap(record.Content, _cell, ColumnWidths[3] - (2 * CellPadding)),
                    Wrap(Hours(record.Minutes), _cell, ColumnWidths[4] - (2 * CellPadding)),
                };
                var lines = cells.Max(c => c.Count);
                var shown = 0;
                while (shown < lines)
                {
                    var room = (int)Math.Floor((BodyBottom - _y - (2 * CellPadding)) / TableLineHeight);
                    var fitsOnFreshPage = lines - shown <= MaxLinesOnFreshPage();
                    if (room < lines - shown && (fitsOnFreshPage || room < 1))
                    {
                        // The row goes whole to the next page; only a row taller than a page is split across pages.
                        ContinuationPage();
                        HeaderRow();
                        continue;
                    }

                    var take = Math.Min(room, lines - shown);
                    Row(cells, shown, take);
                    shown += take;
                }
            }
        }

        private int MaxLinesOnFreshPage() =>
            (int)Math.Floor((BodyBottom - BodyTop - 20 - HeaderRowHeight - (2 * CellPadding)) / TableLineHeight);

        private void HeaderRow()
        {
            if (_y + HeaderRowHeight + TableLineHeight + (2 * CellPadding) > BodyBottom)
            {
                ContinuationPage();
            }

            var g = Page;
            g.DrawRectangle(HeaderShade, Margin, _y, ContentWidth, HeaderRowHeight);
            var x = Margin;
            for (var c = 0; c < ColumnWidths.Length; c++)
            {
                g.DrawRectangle(RulePen, x, _y, ColumnWidths[c], HeaderRowHeight);
                g.DrawString(ColumnTitles[c], _cell, Ink, new XRect(x, _y, ColumnWidths[c], HeaderRowHeight), XStringFormats.Center);
                x += ColumnWidths[c];
            }

            _y += HeaderRowHeight;
        }

        private void Row(IReadOnlyList<IReadOnlyList<string>> cells, int from, int count)
        {
            var g = Page;
            var height = (count * TableLineHeight) + (2 * CellPadding);
            var x = Margin;
            for (var c = 0; c < ColumnWidths.Length; c++)
            {
                g.DrawRectangle(RulePen, x, _y, ColumnWidths[c], height);
                var lines = cells[c];
                for (var l = from; l < Math.Min(lines.Count, from + count); l++)
                {
                    var top = _y + CellPadding + ((l - from) * TableLineHeight);
                    var box = new XRect(x + CellPadding, top, ColumnWidths[c] - (2 * CellPadding), TableLineHeight);
                    // Numbers (序号, hours) read best right-aligned; the date and the text from the left.
                    var format = c is 0 or 4 ? XStringFormats.TopRight : XStringFormats.TopLeft;
                    g.DrawString(lines[l], _cell, Ink, box, format);
                }

                x += ColumnWidths[c];
            }

            _y += height;
        }

        private void Closing()
        {
            var notes = Wrap($"备注：{(string.IsNullOrWhiteSpace(_content.Notes) ? "无" : _content.Notes)}", _label, ContentWidth);
            var needed = 26 + 8 + (notes.Count * 17) + 10 + (5 * 20);
            _y += 10;
            if (_y + Math.Min(needed, BodyBottom - BodyTop - 20) > BodyBottom)
            {
                ContinuationPage();
            }

            Paragraph($"累计志愿服务时长：{Hours(_content.TotalMinutes)} 小时", _strong, Margin, ContentWidth, 20);
            Paragraph($"星级：{StarLevel(_content.StarLevel)}", _label, Margin, ContentWidth, 18);
            _y += 4;
            foreach (var line in notes)
            {
                Paragraph(line, _label, Margin, ContentWidth, 17);
            }

            _y += 10;
            var half = ContentWidth / 2;
            var signatories = _content.Signatories;
            Paragraph($"出具单位（盖章）：{_content.Organization}", _label, Margin, ContentWidth, 20);
            var rowTop = _y;
            Paragraph($"负责人：{signatories.PersonInCharge}", _label, Margin, half - 8, 20);
            var leftBottom = _y;
            _y = rowTop;
            Paragraph($"经办人：{signatories.HandlingOfficer}", _label, Margin + half, half, 20);
            _y = Math.Max(_y, leftBottom);
            Paragraph($"联系方式：{signatories.Contact}", _label, Margin, ContentWidth, 20);
            Paragraph($"出具日期：{LongDay(_content.IssuedOn)}", _label, Margin, ContentWidth, 20);
        }

        private void Footers()
        {
            var count = _document.PageCount;
            for (var i = 0; i < count; i++)
            {
                using var g = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
                var top = PageHeight - 44;
                g.DrawLine(ThinPen, Margin, top - 6, PageWidth - Margin, top - 6);
                g.DrawString(
                    string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 页 / 共 {count} 页"), _small, Ink,
                    new XRect(Margin, top, ContentWidth, 12), XStringFormats.TopCenter);
                g.DrawString($"证明编号：{_content.Number}", _small, Ink, new XRect(Margin, top, ContentWidth, 12), XStringFormats.TopLeft);
                g.DrawString($"验证码：{_code}", _small, Ink, new XRect(Margin, top, ContentWidth, 12), XStringFormats.TopRight);
            }
        }

        private void RevokedStamp()
        {
            var g = Page;
            var state = g.Save();
            var center = new XPoint(PageWidth / 2, PageHeight / 2);
            g.RotateAtTransform(-30, center);
            var red = XColor.FromArgb(150, 200, 0, 0);
            var box = new XRect(center.X - 170, center.Y - 45, 340, 90);
            g.DrawRectangle(new XPen(red, 4), box);
            g.DrawString("已撤销 REVOKED", _stamp, new XSolidBrush(red), box, XStringFormats.Center);
            g.Restore(state);
        }

        /// <summary>The QR code of the verification address, drawn as one filled path of dark modules (crisp at any scale).</summary>
        private void QrCode(QRCodeData data, double left, double top, double size)
        {
            var matrix = data.ModuleMatrix; // quiet zone included
            var modules = matrix.Count;
            var module = size / modules;
            var path = new XGraphicsPath { FillMode = XFillMode.Winding };
            for (var row = 0; row < modules; row++)
            {
                var bits = matrix[row];
                var column = 0;
                while (column < modules)
                {
                    if (!bits[column])
                    {
                        column++;
                        continue;
                    }

                    var start = column;
                    while (column < modules && bits[column])
                    {
                        column++;
                    }

                    path.AddRectangle(left + (start * module), top + (row * module), (column - start) * module, module);
                }
            }

            Page.DrawPath(XBrushes.Black, path);
        }

        /// <summary>
        /// Breaks text into lines no wider than <paramref name="width"/>: Chinese between any two characters, Latin words and
        /// numbers whole unless longer than a line; closing punctuation stays on the line it closes; line breaks in the text kept.
        /// </summary>
        private List<string> Wrap(string? text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                var line = new StringBuilder();
                var lineWidth = 0.0;
                foreach (var token in Tokens(paragraph))
                {
                    var tokenWidth = Width(token, font);
                    if (lineWidth + tokenWidth <= width || IsClosing(token))
                    {
                        if (line.Length == 0 && token == " ")
                        {
                            continue;
                        }

                        line.Append(token);
                        lineWidth += tokenWidth;
                        continue;
                    }

                    if (line.Length > 0)
                    {
                        lines.Add(line.ToString().TrimEnd());
                        line.Clear();
                        lineWidth = 0;
                    }

                    if (token == " ")
                    {
                        continue;
                    }

                    // A word longer than a line: broken between its characters.
                    foreach (var rune in token.EnumerateRunes())
                    {
                        var piece = rune.ToString();
                        var pieceWidth = Width(piece, font);
                        if (lineWidth + pieceWidth > width && line.Length > 0)
                        {
                            lines.Add(line.ToString());
                            line.Clear();
                            lineWidth = 0;
                        }

                        line.Append(piece);
                        lineWidth += pieceWidth;
                    }
                }

                lines.Add(line.ToString().TrimEnd());
            }

            return lines;
        }

        private static IEnumerable<string> Tokens(string paragraph)
        {
            var word = new StringBuilder();
            foreach (var rune in paragraph.EnumerateRunes())
            {
                var r = rune.Value is '\t' ? new Rune(' ') : rune;
                if (Rune.IsControl(r))
                {
                    continue;
                }

                if (r.IsAscii && (Rune.IsLetterOrDigit(r) || r.Value is '.' or '-' or '_' or '/' or '@' or ':' or ',' or '(' or ')'))
                {
                    word.Append(r.ToString());
                    continue;
                }

                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                yield return r.ToString();
            }

            if (word.Length > 0)
            {
                yield return word.ToString();
            }
        }

        private static bool IsClosing(string token) => token is "，" or "。" or "、" or "；" or "：" or "！" or "？" or "）" or "」" or "』" or "】" or "》" or "”" or "’";

        private double Width(string token, XFont font)
        {
            var total = 0.0;
            foreach (var rune in token.EnumerateRunes())
            {
                var key = (font, rune.Value);
                if (!_widths.TryGetValue(key, out var width))
                {
                    width = Page.MeasureString(rune.ToString(), font).Width;
                    _widths[key] = width;
                }

                total += width;
            }

            return total;
        }
    }
}
