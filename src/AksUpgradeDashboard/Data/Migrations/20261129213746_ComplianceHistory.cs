using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksUpgradeDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CompliancePolicy",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxDaysBehindLatest = table.Column<int>(type: "INTEGER", nullable: false),
                    RetiringIsCompliant = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompliancePolicy", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceSnapshots",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TakenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    InventoryRefreshedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Pools = table.Column<int>(type: "INTEGER", nullable: false),
                    Compliant = table.Column<int>(type: "INTEGER", nullable: false),
                    NonCompliant = table.Column<int>(type: "INTEGER", nullable: false),
                    Unknown = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxDaysBehindLatest = table.Column<int>(type: "INTEGER", nullable: false),
                    RetiringIsCompliant = table.Column<bool>(type: "INTEGER", nullable: false),
                    StatusCounts = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Detail = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceSnapshots", x => x.Day);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CompliancePolicy");

            migrationBuilder.DropTable(
                name: "ComplianceSnapshots");
        }
    }
}
