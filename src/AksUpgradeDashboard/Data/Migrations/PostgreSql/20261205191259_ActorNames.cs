using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksUpgradeDashboard.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ActorNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApproverName",
                table: "WindowApprovals",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreatedByName",
                table: "UpgradeWindows",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdatedByName",
                table: "UpgradeWindows",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdatedByName",
                table: "CompliancePolicy",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ActorName",
                table: "AuditEntries",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ApproverName",
                table: "WindowApprovals");

            migrationBuilder.DropColumn(
                name: "CreatedByName",
                table: "UpgradeWindows");

            migrationBuilder.DropColumn(
                name: "UpdatedByName",
                table: "UpgradeWindows");

            migrationBuilder.DropColumn(
                name: "UpdatedByName",
                table: "CompliancePolicy");

            migrationBuilder.DropColumn(
                name: "ActorName",
                table: "AuditEntries");
        }
    }
}
